import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { createEpgTables, dropEpgTables, epgTables, indexEpgTables, searchMode, type EpgTables } from '../catalog/catalog-tables';
import type { XmltvProgramme } from './xmltv-reader';

const BATCH = 2000;

/**
 * Writes one new EPG generation (runs in the EPG worker, on its own connection to the engine
 * database): batches of programmes in short transactions, so the engine's own writes never wait
 * long for the lock, FTS filled per batch, the index built at the end.
 */
export class EpgWriter {
  readonly tables: EpgTables;
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #fillFts: StatementSync;
  readonly #pending: XmltvProgramme[] = [];
  /** Ids only grow, even past discarded rows: the FTS index may still list those ids. */
  #lastId = 0;
  #kept = 0;

  constructor(db: DatabaseSync, seq: number, generation: number) {
    this.#db = db;
    this.tables = epgTables(seq, generation);
    dropEpgTables(db, this.tables);
    createEpgTables(db, this.tables, searchMode());
    this.#insert = db.prepare(
      `INSERT INTO ${this.tables.programmes} (id, channel_key, start_ms, stop_ms, title, subtitle, description, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#fillFts = db.prepare(
      `INSERT INTO ${this.tables.fts} (rowid, title) SELECT id, title FROM ${this.tables.programmes} WHERE id > ?`,
    );
  }

  /** A mark to come back to with discardSince (a guide that turns out broken). */
  mark(): number {
    this.flush();
    return this.#lastId;
  }

  discardSince(mark: number): void {
    this.flush();
    const removed = this.#db.prepare(`DELETE FROM ${this.tables.programmes} WHERE id > ?`).run(mark);
    this.#kept -= Number(removed.changes);
  }

  add(programme: XmltvProgramme): void {
    this.#pending.push(programme);
    if (this.#pending.length >= BATCH) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    const from = this.#lastId;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const p of this.#pending) {
        this.#lastId++;
        this.#insert.run(this.#lastId, p.channelKey, p.startMs, p.stopMs, p.title, p.subtitle, p.description, p.category);
      }
      this.#fillFts.run(from);
      this.#db.exec('COMMIT');
      this.#kept += this.#pending.length;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    this.#pending.length = 0;
  }

  finish(): number {
    this.flush();
    indexEpgTables(this.#db, this.tables);
    return this.#kept;
  }
}
