import { rm } from 'node:fs/promises';
import { LIVES_PAGE, type OverloadPolicy } from '@shared/contract/lives';
import { hlsDirOf } from '../hls/hls-paths';
import { hlsPreviewUrl, serveHlsPreview } from '../hls/hls-preview';
import { RpcError } from '@shared/contract/errors';
import { isActive } from '@shared/lives/state-machine';
import { callerOf, type Caller } from '../context';
import type { EngineDeps, EngineHandlers, EngineModule } from '../module';
import type { LivesPort } from './lives-port';
import { assertMayActOnLive, assertMayUseLives, notFound } from './live-access';
import { LiveStartStop } from './live-start-stop';
import { LiveEditor } from './live-editor';
import { LiveQuota } from './live-quota';
import { outputFeedsOf } from './output-feeds';
import { cursorKey, pageOfRows } from '../rpc/page';
import { unavailableRuntime, type LiveRuntime, type LiveRuntimeFactory } from './live-runtime';
import { LiveStore, toLiveView, type LiveRecord } from './live-store';
import { livesMigrations } from './migrations';
import { RunJournal } from './run-journal';
import { RunStore } from './run-store';
import { SourceConfinement } from './source-confinement';
import { replaceRefusedSources } from './stored-sources';
import { StreamKeys } from './stream-keys';
import { NO_URL_PASSWORDS, UrlPasswords, type UrlPasswordSet } from './url-passwords';
import { LivesSettingsStore } from './lives-settings';
import { engineMessage } from '@shared/messages/engine-message';
import { DestinationChanges } from './destination-changes';
import { DestinationTester } from './destination-test';
import { duplicateLive } from './live-duplicate';

/** The parts the lives module is made of, built once per engine. */
interface LivesParts {
  readonly store: LiveStore;
  readonly journal: RunJournal;
  readonly editor: LiveEditor;
  readonly control: LiveStartStop;
  readonly runtime: LiveRuntime;
  readonly keys: StreamKeys;
  readonly passwords: UrlPasswords;
  /** The passwords behind a live's masked URLs, for what must reach the real server (FFmpeg, preflight checks). */
  readonly urlPasswords: (liveId: string) => Promise<UrlPasswordSet>;
  readonly settings: LivesSettingsStore;
}

export interface LivesModuleOptions {
  /** Lives one account may keep (default 200): the 201st is refused with LIMIT_REACHED. */
  maxLivesPerOwner?: number | undefined;
  /** Shown by `lives.getSettings` until an admin saves one; the runtime applies the same default. */
  defaultOverloadPolicy?: OverloadPolicy | undefined;
}

/**
 * Lives, their runs and the `lives.*` methods. `createRuntime` builds the FFmpeg supervision
 * (lives/runtime/); without one, lives can be edited but not started. Exports the `LivesPort`.
 */
export function livesModule(
  createRuntime: LiveRuntimeFactory = unavailableRuntime,
  options: LivesModuleOptions = {},
): EngineModule<'lives'> {
  const parts = (deps: EngineDeps): LivesParts => {
    const store = new LiveStore(deps.db);
    const runs = new RunStore(deps.db);
    const keys = new StreamKeys(deps.secrets, deps.log);
    const passwords = new UrlPasswords(keys);
    const journal = new RunJournal({
      db: deps.db,
      lives: store,
      runs,
      events: deps.events,
      now: deps.now,
      notices: deps.notices,
    });
    const urlPasswords = async (liveId: string): Promise<UrlPasswordSet> => {
      const live = store.get(liveId);
      return live ? passwords.read(live) : NO_URL_PASSWORDS;
    };
    // Which public outputs a live may feed: the outputs domain's port (none without that domain).
    const outputFeeds = outputFeedsOf(deps.ports);
    const settings = new LivesSettingsStore(deps.db);
    const runtime = createRuntime({
      deps,
      journal,
      streamKeys: keys,
      urlPasswords,
      outputFeeds,
      overloadPolicy: () => settings.savedOverloadPolicy(),
    });
    const confinement = new SourceConfinement(() => deps.ports.find('library'));
    const editor = new LiveEditor({
      db: deps.db,
      lives: store,
      keys,
      passwords,
      events: deps.events,
      now: deps.now,
      confinement,
      outputFeeds,
    });
    const control = new LiveStartStop({
      lives: store,
      journal,
      keys,
      passwords,
      runtime: () => runtime,
      log: deps.log,
      confinement,
    });
    return { store, journal, editor, control, runtime, keys, passwords, urlPasswords, settings };
  };

  return {
    name: 'lives',
    migrations: livesMigrations,
    build(deps) {
      const { store, journal, editor, control, runtime, keys, passwords, urlPasswords, settings } = parts(deps);
      serveHlsPreview(deps.http, deps.dataDir);
      const quota = new LiveQuota(store, options.maxLivesPerOwner);
      const changes = new DestinationChanges({ lives: store, editor, runtime: () => runtime });
      const tester = new DestinationTester(async () => (await deps.ffmpeg.paths()).ffmpeg);
      const visible = (caller: Caller, liveId: string): LiveRecord => {
        assertMayUseLives(caller);
        const live = store.get(liveId);
        if (!live) throw notFound(liveId);
        assertMayActOnLive(caller, live, 'view');
        return live;
      };
      const handlers: Partial<EngineHandlers> = {
        'lives.list': (input, ctx) => {
          const caller = callerOf(ctx);
          assertMayUseLives(caller);
          const ownerId = caller.isAdmin ? undefined : caller.userId;
          const limit = input?.limit ?? LIVES_PAGE.defaultLimit;
          const key = cursorKey('lives.list', input?.cursor, ['number', 'string']);
          const after = key ? { createdAt: key[0] as number, id: key[1] as string } : undefined;
          const rows = store.page({ ownerId, states: input?.state }, { after, limit: limit + 1 });
          return pageOfRows(rows, { limit, view: toLiveView, keyOf: (r) => [r.createdAt, r.id], maxBytes: LIVES_PAGE.maxBytes });
        },
        'lives.get': ({ liveId }, ctx) => toLiveView(visible(callerOf(ctx), liveId)),
        'lives.create': (input, ctx) => {
          const caller = callerOf(ctx);
          assertMayUseLives(caller);
          return quota.create(caller.userId, () => editor.create(caller, input));
        },
        'lives.update': ({ liveId, patch }, ctx) => editor.update(callerOf(ctx), liveId, patch),
        'lives.delete': async ({ liveId }, ctx) => {
          await editor.delete(callerOf(ctx), liveId);
          // Its preview segments go with it (the folder is the runtime's, named after the live).
          await rm(hlsDirOf(deps.dataDir, liveId), { recursive: true, force: true });
          return { liveId };
        },
        'lives.start': ({ liveId }, ctx) => control.start(callerOf(ctx), liveId),
        'lives.stop': ({ liveId }, ctx) => control.stop(callerOf(ctx), liveId),
        'lives.listRuns': ({ liveId, limit, cursor }, ctx) => {
          visible(callerOf(ctx), liveId);
          const key = cursorKey('lives.listRuns', cursor, ['number', 'number']);
          const after = key ? { startedAt: key[0] as number, rowId: key[1] as number } : undefined;
          return pageOfRows(journal.listRuns(liveId, limit + 1, after), {
            limit,
            view: (r) => r.run,
            keyOf: (r) => [r.key.startedAt, r.key.rowId],
          });
        },
        'lives.getRun': ({ runId }, ctx) => {
          const run = journal.getRun(runId);
          const notFoundRun = RpcError.of('NOT_FOUND', engineMessage('lives.runNotFound', { runId: runId.slice(0, 64) }));
          if (!run) throw notFoundRun;
          try {
            visible(callerOf(ctx), run.liveId);
          } catch (error) {
            throw error instanceof RpcError && error.code === 'NOT_FOUND' ? notFoundRun : error;
          }
          return journal.detail(run);
        },
        'lives.duplicate': ({ liveId, title }, ctx) => {
          const caller = callerOf(ctx);
          return quota.create(caller.userId, () =>
            duplicateLive({ lives: store, keys, passwords, editor, now: deps.now }, caller, liveId, title),
          );
        },
        'lives.setDestinationEnabled': ({ liveId, destinationId, enabled }, ctx) =>
          changes.setEnabled(callerOf(ctx), liveId, destinationId, enabled),
        'lives.addDestination': ({ liveId, destination }, ctx) => changes.add(callerOf(ctx), liveId, destination),
        'lives.testDestination': async ({ liveId, destination }, ctx) => {
          const caller = callerOf(ctx);
          assertMayUseLives(caller);
          // A stored destination lends its key only to its owner (who may edit the live).
          const live = liveId === undefined ? undefined : visible(caller, liveId);
          if (live) assertMayActOnLive(caller, live, 'edit');
          const stored = live?.destinations.find((d) => d.id === destination.id);
          const key = stored?.keyRef ? await keys.read(stored.keyRef) : null;
          const urlPassword = live && stored ? (await passwords.read(live)).destinations.get(stored.id) : undefined;
          return tester.test(destination, { key, urlPassword });
        },
        'lives.getSettings': () => settings.read(options.defaultOverloadPolicy ?? 'warn'),
        'lives.updateSettings': (input) => {
          settings.save(input);
          return settings.read(options.defaultOverloadPolicy ?? 'warn');
        },
        'lives.previewUrl': ({ liveId }, ctx) => {
          const live = visible(callerOf(ctx), liveId);
          const url = hlsPreviewUrl(deps.http, liveId);
          if (url === null) throw RpcError.of('UNAVAILABLE', engineMessage('lives.previewUnavailable'));
          const hasHls = live.destinations.some((d) => d.enabled && d.kind === 'hls-local');
          return { url, available: hasHls && isActive(live.state) };
        },
      };
      const exports: LivesPort = {
        get: (liveId) => {
          const record = store.get(liveId);
          return record ? toLiveView(record) : null;
        },
        ownerOf: (liveId) => store.get(liveId)?.ownerId ?? null,
        listScheduled: () =>
          store
            .list()
            .filter((record) => record.start.kind !== 'manual')
            .map(toLiveView),
        listInStates: (states) => store.list({ states }).map(toLiveView),
        start: (caller, liveId) => control.start(caller, liveId),
        stop: (caller, liveId, reason) => control.stop(caller, liveId, reason),
        recordMissedStart: (liveId, reason) => void journal.recordMissedStart(liveId, reason),
        readStreamKey: (keyRef) => keys.read(keyRef),
        urlPasswords,
      };
      return {
        handlers,
        exports,
        async start() {
          replaceRefusedSources(deps.db, store, deps.now(), deps.log);
          const moved = await passwords.protectStored(deps.db, store);
          if (moved > 0) deps.log(`Moved ${moved} password(s) found in clear in live URLs to the secret store.`);
          const open = journal.listOpenRuns();
          if (runtime.recover) {
            await runtime.recover(open);
            return;
          }
          for (const { run } of open) {
            journal.markInterrupted(run.id, engineMessage('runs.engineStopped'));
          }
        },
        close: () => runtime.close(),
      };
    },
  };
}
