import { RpcError } from '@shared/contract/errors';
import type { Live, Run } from '@shared/contract/lives';
import type { EngineDeps } from '../module';
import type { OutputFeeds } from './output-feeds';
import type { RunJournal } from './run-journal';
import type { StreamKeys } from './stream-keys';
import type { UrlPasswordSet } from './url-passwords';
import type { OverloadPolicy } from '@shared/contract/lives';
import { engineMessage } from '@shared/messages/engine-message';

/**
 * What the lives module asks of the restream runtime (FFmpeg supervision, lives/runtime/).
 * The runtime reports everything that happens — state changes, restarts, destination health,
 * statistics, log lines — through `host.journal`, which stores it and pushes contract events.
 */
export interface LiveRuntime {
  /**
   * Begin a run. The run is in `queued` when this is called; the runtime moves it to `starting`
   * when it has a slot, then to `live` once a destination really receives data. Resolve quickly
   * (do not wait for `live`); reject only if the run could not even be accepted.
   */
  start(live: Live, run: Run): Promise<void>;
  /**
   * Stop the live's run gracefully and resolve once its processes have exited. The run is in
   * `stopping` when this is called; the runtime should journal `ended` (or `failed`) itself. If it
   * did not, the lives module records `ended` with `reason`.
   */
  stop(liveId: string, reason: string): Promise<void>;
  isRunning(liveId: string): boolean;
  /**
   * The live's destinations changed while it runs (one turned off or on, one added): send to
   * the enabled ones without interrupting the others. Rejects with an RpcError when it cannot
   * (no free FFmpeg slot, still starting); the lives module then puts the destinations back.
   * Absent: destinations cannot change on air.
   */
  applyDestinations?(live: Live): Promise<void>;
  /**
   * Called once at engine start with the runs a previous engine left open (it was killed).
   * Without it, the lives module marks them `interrupted`.
   */
  recover?(openRuns: readonly OpenRun[]): Promise<void>;
  close(): Promise<void>;
}

/** A run that is not over, with its live. */
export interface OpenRun {
  readonly run: Run;
  readonly live: Live;
}

/** What the runtime is given by the lives module. */
export interface LiveRuntimeHost {
  readonly deps: EngineDeps;
  readonly journal: RunJournal;
  /** Resolve a destination's `keyRef` to the key, only when building the FFmpeg arguments. */
  readonly streamKeys: Pick<StreamKeys, 'read'>;
  /** The passwords behind a live's masked URLs (`user:••••@`), only when building the FFmpeg arguments. */
  readonly urlPasswords: (liveId: string) => Promise<UrlPasswordSet>;
  /** Which public outputs a live may feed, checked again at start (an output may be gone). */
  readonly outputFeeds: () => OutputFeeds;
  /** The overload policy an admin saved (`lives.updateSettings`), or null: the runtime's default applies. */
  readonly overloadPolicy?: () => OverloadPolicy | null;
}

export type LiveRuntimeFactory = (host: LiveRuntimeHost) => LiveRuntime;

/** Used until an engine is given a real runtime: everything but starting works. */
export const unavailableRuntime: LiveRuntimeFactory = () => ({
  start: () => Promise.reject(RpcError.of('UNAVAILABLE', engineMessage('lives.runtimeMissing'))),
  stop: () => Promise.resolve(),
  isRunning: () => false,
  close: () => Promise.resolve(),
});
