import { engineMessage } from '@shared/messages/engine-message';
import { RpcError, toRpcIssues } from '@shared/contract/errors';
import { DestinationList, type DestinationFields, type DestinationInput, type Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import type { Caller } from '../context';
import { assertMayActOnLive, notFound } from './live-access';
import type { LiveEditor } from './live-editor';
import type { LiveRuntime } from './live-runtime';
import type { LiveRecord, LiveStore } from './live-store';

export interface DestinationChangesDeps {
  readonly lives: LiveStore;
  readonly editor: LiveEditor;
  readonly runtime: () => LiveRuntime;
}

/**
 * Turning one destination off or on, or adding one, at rest or on air. The change is stored
 * first (a new key goes to the secret store), then a running live's runtime sends to the enabled
 * destinations without touching the others; if the runtime cannot (no free FFmpeg slot), the
 * stored list is put back and the refusal passed on.
 */
export class DestinationChanges {
  constructor(private readonly deps: DestinationChangesDeps) {}

  setEnabled(caller: Caller, liveId: string, destinationId: string, enabled: boolean): Promise<Live> {
    return this.#change(caller, liveId, 'lives.setDestinationEnabled', (current) => {
      if (!current.some((d) => d.id === destinationId)) {
        throw RpcError.of(
          'INVALID_PARAMS',
          engineMessage('lives.noSuchDestination', { destinationId: destinationId.slice(0, 64) }),
          {
            issues: [{ path: ['destinationId'], message: 'No such destination in this live.' }],
          },
        );
      }
      return current.map((d) => (d.id === destinationId ? { ...d, enabled } : d));
    });
  }

  add(caller: Caller, liveId: string, destination: DestinationInput): Promise<Live> {
    if (destination.id !== undefined) {
      throw RpcError.of('INVALID_PARAMS', engineMessage('lives.newDestinationHasNoId'), {
        issues: [{ path: ['destination', 'id'], message: 'A new destination has no id yet.' }],
      });
    }
    return this.#change(caller, liveId, 'lives.addDestination', (current) => [...current, destination]);
  }

  async #change(
    caller: Caller,
    liveId: string,
    method: string,
    next: (current: readonly DestinationInput[]) => DestinationInput[],
  ): Promise<Live> {
    const record = this.#load(caller, liveId);
    const previous: DestinationFields[] = inputsOf(record);
    const parsed = DestinationList.safeParse(next(previous));
    if (!parsed.success) {
      const issues = toRpcIssues(parsed.error.issues).map((i) => ({ ...i, path: ['destinations', ...i.path] }));
      throw new RpcError('INVALID_PARAMS', `Invalid parameters for ${method}: ${issues[0]?.message ?? 'invalid list'}`, {
        method,
        issues,
      });
    }
    const list: DestinationFields[] = parsed.data;
    const running = isActive(record.state);
    if (running && !list.some((d) => d.enabled)) {
      throw RpcError.of('INVALID_STATE', engineMessage('lives.keepOneDestination'));
    }
    const runtime = this.deps.runtime();
    if (running && !runtime.applyDestinations) {
      throw RpcError.of('UNAVAILABLE', engineMessage('lives.cannotChangeOnAir'));
    }
    const after = await this.deps.editor.replaceDestinations(caller, liveId, list, method);
    if (!isActive(after.state) || !runtime.applyDestinations) return after;
    try {
      await runtime.applyDestinations(after);
      return after;
    } catch (error) {
      await this.deps.editor.replaceDestinations(caller, liveId, previous, method);
      throw error;
    }
  }

  #load(caller: Caller, liveId: string): LiveRecord {
    const live = this.deps.lives.get(liveId);
    if (!live) throw notFound(liveId);
    assertMayActOnLive(caller, live, 'edit');
    return live;
  }
}

/** A stored live's destinations as inputs that keep each one (and its key) by id. */
function inputsOf(record: LiveRecord): DestinationFields[] {
  return record.destinations.map((d) => ({
    id: d.id,
    name: d.name,
    enabled: d.enabled,
    kind: d.kind,
    ...(d.url === undefined ? {} : { url: d.url }),
  }));
}
