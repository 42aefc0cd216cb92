import { RpcError } from '@shared/contract/errors';
import type { Live } from '@shared/contract/lives';
import { enabledPushDestinations, startBlockerMessage, startBlockers } from '@shared/lives/start-readiness';
import { isActive, isTerminal } from '@shared/lives/state-machine';
import type { Caller } from '../context';
import { assertMayActOnLive, notFound } from './live-access';
import type { LiveRuntime } from './live-runtime';
import { toLiveView, type LiveRecord, type LiveStore } from './live-store';
import type { RunJournal } from './run-journal';
import type { SourceConfinement } from './source-confinement';
import type { StreamKeys } from './stream-keys';
import type { UrlPasswords } from './url-passwords';
import { urlSecretValues } from '@shared/format/url-credentials';
import { engineMessage, englishOf } from '@shared/messages/engine-message';

export interface LiveStartStopDeps {
  readonly lives: LiveStore;
  readonly journal: RunJournal;
  readonly keys: Pick<StreamKeys, 'read'>;
  readonly passwords: Pick<UrlPasswords, 'read'>;
  readonly runtime: () => LiveRuntime;
  readonly log: (message: string, error?: unknown) => void;
  /** Asked again at start: the file may have become a link elsewhere since the live was saved. */
  readonly confinement?: SourceConfinement;
}

/**
 * Start and stop lives on request (a person, or the scheduler through its `LiveControl` port):
 * checks, a run in the journal, then the runtime does the streaming.
 */
export class LiveStartStop {
  readonly #deps: LiveStartStopDeps;

  constructor(deps: LiveStartStopDeps) {
    this.#deps = deps;
  }

  /** Open a run and hand it to the runtime. Also called by the scheduler with the owner as caller. */
  async start(caller: Caller, liveId: string): Promise<Live> {
    const live = this.#load(caller, liveId, 'start');
    if (isActive(live.state)) throw RpcError.of('INVALID_STATE', engineMessage('lives.alreadyActive', { state: live.state }));
    const refused = await this.#deps.confinement?.refusal(caller, live.source);
    if (refused) throw new RpcError('FORBIDDEN', refused);
    const keys = await this.#readyKeys(live);
    // URL passwords too: a lost one fails here with its sentence, and the run's log masks them.
    const passwords = await this.#deps.passwords.read(live);
    const urlSecrets = [...(passwords.source === null ? [] : [passwords.source]), ...passwords.destinations.values()];
    const secrets = [...keys, ...urlSecrets.flatMap(urlSecretValues)];
    const run = this.#deps.journal.open(liveId, secrets);
    const view = this.#view(liveId);
    try {
      await this.#deps.runtime().start(view, run);
    } catch (error) {
      const refused = error instanceof RpcError ? error : RpcError.of('UNAVAILABLE', engineMessage('lives.runtimeCouldNotStart'));
      if (!(error instanceof RpcError)) this.#deps.log(`Starting live ${liveId} failed`, error);
      this.#finish(run.id, 'failed', refused.message);
      throw refused;
    }
    return this.#view(liveId);
  }

  /** Stop gracefully; resolves once the runtime has let go of the live. */
  async stop(caller: Caller, liveId: string, reason = englishOf(engineMessage('runs.stoppedByUser'))): Promise<Live> {
    const live = this.#load(caller, liveId, 'stop');
    const runId = live.currentRunId;
    if (!isActive(live.state) || runId === null) {
      throw RpcError.of('INVALID_STATE', engineMessage('lives.notRunning', { state: live.state }));
    }
    if (live.state !== 'stopping') this.#deps.journal.transition(runId, 'stopping', reason);
    await this.#deps.runtime().stop(liveId, reason);
    // The runtime journals the end itself; if it had nothing running (or said nothing), close the run here.
    this.#finish(runId, 'ended', reason);
    return this.#view(liveId);
  }

  /** A live can only start with something to send to, and with every key it needs; returns the keys. */
  async #readyKeys(live: LiveRecord): Promise<string[]> {
    const view = toLiveView(live);
    const [blocker] = startBlockers(view);
    if (blocker) throw RpcError.of('INVALID_STATE', startBlockerMessage(blocker));
    const keys: string[] = [];
    for (const d of enabledPushDestinations(view)) {
      const key = d.streamKey.keySet ? await this.#deps.keys.read(d.streamKey.keyRef) : null;
      if (key === null) {
        throw RpcError.of('INVALID_STATE', engineMessage('lives.keyMissingFromStore', { name: d.name }));
      }
      keys.push(key);
    }
    return keys;
  }

  #finish(runId: string, state: 'ended' | 'failed', reason: string): void {
    const run = this.#deps.journal.getRun(runId);
    if (!run || isTerminal(run.state)) return;
    this.#deps.journal.transition(runId, state, reason);
  }

  #load(caller: Caller, liveId: string, action: 'start' | 'stop'): LiveRecord {
    const live = this.#deps.lives.get(liveId);
    if (!live) throw notFound(liveId);
    assertMayActOnLive(caller, live, action);
    return live;
  }

  #view(liveId: string): Live {
    const live = this.#deps.lives.get(liveId);
    if (!live) throw notFound(liveId);
    return toLiveView(live);
  }
}
