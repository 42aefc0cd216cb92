import { randomUUID } from 'node:crypto';
import { RpcError } from '@shared/contract/errors';

export type TunerPurpose = 'preview' | 'live';

export interface TunerUseRecord {
  readonly leaseId: string;
  readonly purpose: TunerPurpose;
  readonly label: string;
  readonly since: number;
}

/** A slot held until released; `release` is idempotent. */
export interface TunerLease {
  readonly leaseId: string;
  readonly providerId: string;
  release(): void;
}

/** The port other domains (lives runtime, previews) use to take a provider connection. */
export interface TunerSlotsPort {
  /**
   * Take one of the provider's connections for a preview or a live. Throws RpcError CONFLICT
   * naming what holds every slot when the provider's limit is reached.
   */
  acquire(providerId: string, purpose: TunerPurpose, label: string): TunerLease;
  usage(providerId: string): readonly TunerUseRecord[];
}

export interface TunerSlotsOptions {
  /** The provider's connection limit (null: none) and its name for messages. */
  limitOf: (providerId: string) => { limit: number | null; providerName: string };
  now: () => number;
  /** Told when a provider's usage changes (the module re-emits its status). */
  onChange?: (providerId: string) => void;
}

/**
 * How many streams of each provider are open at once, across previews and lives. IPTV
 * subscriptions allow a fixed number of connections (Xtream's max_connections); opening one
 * more usually kicks an existing viewer off or fails after a long wait, so the engine refuses
 * it up front and says which previews and lives hold the slots.
 */
export class TunerSlots implements TunerSlotsPort {
  readonly #uses = new Map<string, TunerUseRecord[]>();

  constructor(private readonly options: TunerSlotsOptions) {}

  acquire(providerId: string, purpose: TunerPurpose, label: string): TunerLease {
    const { limit, providerName } = this.options.limitOf(providerId);
    const uses = this.#uses.get(providerId) ?? [];
    if (limit !== null && uses.length >= limit) {
      const holders = uses.map((u) => `${u.purpose === 'live' ? 'live' : 'preview'} “${u.label}”`).join(', ');
      const what =
        limit === 1 ? `The only connection of “${providerName}” is` : `All ${limit} connections of “${providerName}” are`;
      throw new RpcError('CONFLICT', `${what} in use (${holders}). Stop ${limit === 1 ? 'it' : 'one of them'} first.`);
    }
    const record: TunerUseRecord = { leaseId: randomUUID(), purpose, label, since: this.options.now() };
    this.#uses.set(providerId, [...uses, record]);
    this.options.onChange?.(providerId);
    let released = false;
    return {
      leaseId: record.leaseId,
      providerId,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.#uses.get(providerId) ?? []).filter((u) => u.leaseId !== record.leaseId);
        if (left.length === 0) this.#uses.delete(providerId);
        else this.#uses.set(providerId, left);
        this.options.onChange?.(providerId);
      },
    };
  }

  usage(providerId: string): readonly TunerUseRecord[] {
    return this.#uses.get(providerId) ?? [];
  }
}
