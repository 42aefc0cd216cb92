import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { RpcError, type RpcIssue } from '@shared/contract/errors';
import { LiveFields, type DestinationFields, type Live, type LivePatch } from '@shared/contract/lives';
import { checkLiveConsistency } from '@shared/lives/consistency';
import { assertTransition, idleStateFor, isActive } from '@shared/lives/state-machine';
import type { Caller } from '../context';
import type { EngineEvents } from '../events/event-bus';
import { transaction } from '../storage/database';
import { assertMayActOnLive, assertMayUseLives, notFound } from './live-access';
import { toLiveView, type DestinationRecord, type LiveRecord, type LiveStore } from './live-store';
import type { StreamKeys } from './stream-keys';

export interface LiveEditorDeps {
  readonly db: DatabaseSync;
  readonly lives: LiveStore;
  readonly keys: StreamKeys;
  readonly events: EngineEvents;
  readonly now: () => number;
}

/**
 * Create, change and delete lives. Keys are written to the SecretStore before the database
 * commits and the replaced ones are discarded only after, so a failure at any step loses nothing
 * and leaves no key behind in plain text.
 */
export class LiveEditor {
  readonly #deps: LiveEditorDeps;

  constructor(deps: LiveEditorDeps) {
    this.#deps = deps;
  }

  async create(caller: Caller, fields: LiveFields): Promise<Live> {
    assertMayUseLives(caller);
    const now = this.#deps.now();
    throwIfIssues(checkLiveConsistency(fields, { now, startMustBeFuture: true }), 'lives.create', []);
    const liveId = randomUUID();
    const { destinations, newRefs } = await this.#resolveDestinations(liveId, fields.destinations, [], 'lives.create', []);
    const record: LiveRecord = {
      id: liveId,
      ownerId: caller.userId,
      title: fields.title,
      source: fields.source,
      encoding: fields.encoding,
      loop: fields.loop,
      start: fields.start,
      end: fields.end,
      state: idleStateFor(fields.start.kind),
      currentRunId: null,
      createdAt: now,
      updatedAt: now,
      destinations,
    };
    await this.#commitOrDiscard(newRefs, () => this.#deps.lives.insert(record));
    return this.#emit(liveId);
  }

  async update(caller: Caller, liveId: string, patch: LivePatch): Promise<Live> {
    const before = this.#load(caller, liveId, 'edit');
    const keys = Object.keys(patch).filter((k) => patch[k as keyof LivePatch] !== undefined);
    if (isActive(before.state)) {
      if (keys.some((k) => k !== 'title')) {
        throw new RpcError(
          'INVALID_STATE',
          `This live is ${before.state}: only its title can change while it runs. Stop it to change ${keys.filter((k) => k !== 'title').join(', ')}.`,
        );
      }
      if (patch.title !== undefined) {
        const title = patch.title;
        transaction(this.#deps.db, () => {
          const current = this.#deps.lives.get(liveId);
          if (!current) throw notFound(liveId);
          this.#deps.lives.setTitle(liveId, title, this.#deps.now());
        });
      }
      return this.#emit(liveId);
    }
    const now = this.#deps.now();
    const merged = LiveFields.parse({
      title: patch.title ?? before.title,
      source: patch.source ?? before.source,
      destinations: [],
      encoding: patch.encoding ?? before.encoding,
      loop: patch.loop ?? before.loop,
      start: patch.start ?? before.start,
      end: patch.end ?? before.end,
    });
    throwIfIssues(checkLiveConsistency(merged, { now, startMustBeFuture: patch.start !== undefined }), 'lives.update', ['patch']);
    const resolved =
      patch.destinations === undefined
        ? { destinations: before.destinations, newRefs: [] }
        : await this.#resolveDestinations(liveId, patch.destinations, before.destinations, 'lives.update', ['patch']);
    const keptRefs = new Set(resolved.destinations.flatMap((d) => (d.keyRef === null ? [] : [d.keyRef])));
    const staleRefs = before.destinations.flatMap((d) => (d.keyRef !== null && !keptRefs.has(d.keyRef) ? [d.keyRef] : []));
    await this.#commitOrDiscard(resolved.newRefs, () => {
      const current = this.#deps.lives.get(liveId);
      if (!current) throw notFound(liveId);
      // The live may have started while keys were being stored.
      if (isActive(current.state))
        throw new RpcError('INVALID_STATE', `This live is ${current.state}; stop it before changing it.`);
      let state = current.state;
      if (patch.start !== undefined && idleStateFor(merged.start.kind) !== state) {
        assertTransition(state, idleStateFor(merged.start.kind));
        state = idleStateFor(merged.start.kind);
      }
      this.#deps.lives.replace({ ...current, ...merged, state, updatedAt: now, destinations: resolved.destinations });
    });
    await this.#deps.keys.discard(staleRefs);
    return this.#emit(liveId);
  }

  async delete(caller: Caller, liveId: string): Promise<void> {
    const before = this.#load(caller, liveId, 'edit');
    const ownerId = before.ownerId;
    const refs = transaction(this.#deps.db, () => {
      const current = this.#deps.lives.get(liveId);
      if (!current) throw notFound(liveId);
      if (isActive(current.state)) {
        throw new RpcError('INVALID_STATE', `This live is ${current.state}; stop it before deleting it.`);
      }
      return this.#deps.lives.delete(liveId);
    });
    await this.#deps.keys.discard(refs);
    this.#deps.events.emit('live.deleted', { liveId, ownerId });
  }

  #load(caller: Caller, liveId: string, action: 'view' | 'edit'): LiveRecord {
    assertMayUseLives(caller);
    const live = this.#deps.lives.get(liveId);
    if (!live) throw notFound(liveId);
    assertMayActOnLive(caller, live, action);
    return live;
  }

  /** Match inputs to existing destinations by id, storing any new key as a fresh secret. */
  async #resolveDestinations(
    liveId: string,
    inputs: readonly DestinationFields[],
    existing: readonly DestinationRecord[],
    method: string,
    pathPrefix: readonly string[],
  ): Promise<{ destinations: DestinationRecord[]; newRefs: string[] }> {
    const byId = new Map(existing.map((d) => [d.id, d]));
    const issues: RpcIssue[] = [];
    inputs.forEach((input, i) => {
      if (input.id !== undefined && !byId.has(input.id)) {
        issues.push({
          path: [...pathPrefix, 'destinations', i, 'id'],
          message: `This live has no destination with id "${input.id}".`,
        });
      }
    });
    throwIfIssues(issues, method, []);
    const destinations: DestinationRecord[] = [];
    const newRefs: string[] = [];
    try {
      for (const input of inputs) {
        const previous = input.id === undefined ? undefined : byId.get(input.id);
        const id = previous?.id ?? randomUUID();
        let keyRef = input.kind === 'hls-local' ? null : (previous?.keyRef ?? null);
        let keyMasked = input.kind === 'hls-local' ? null : (previous?.keyMasked ?? null);
        if (input.streamKey !== undefined) {
          const stored = await this.#deps.keys.store(liveId, id, input.streamKey);
          newRefs.push(stored.keyRef);
          keyRef = stored.keyRef;
          keyMasked = stored.keyMasked;
        }
        destinations.push({ id, name: input.name, enabled: input.enabled, kind: input.kind, url: input.url, keyRef, keyMasked });
      }
    } catch (error) {
      await this.#deps.keys.discard(newRefs);
      throw error;
    }
    return { destinations, newRefs };
  }

  async #commitOrDiscard(newRefs: readonly string[], work: () => void): Promise<void> {
    try {
      transaction(this.#deps.db, work);
    } catch (error) {
      await this.#deps.keys.discard(newRefs);
      throw error;
    }
  }

  #emit(liveId: string): Live {
    const live = this.#deps.lives.get(liveId);
    if (!live) throw notFound(liveId);
    const view = toLiveView(live);
    this.#deps.events.emit('live.updated', view);
    return view;
  }
}

function throwIfIssues(found: RpcIssue[], method: string, pathPrefix: readonly string[]): void {
  if (found.length === 0) return;
  const issues = found.map((i) => ({ ...i, path: [...pathPrefix, ...i.path] }));
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
  throw new RpcError('INVALID_PARAMS', `Invalid parameters for ${method}: ${summary}`, { method, issues });
}
