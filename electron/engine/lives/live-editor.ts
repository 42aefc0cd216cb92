import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { RpcError, type RpcIssue } from '@shared/contract/errors';
import { isPushKind, LiveFields, type DestinationFields, type Live, type LivePatch, type Source } from '@shared/contract/lives';
import { checkLiveConsistency } from '@shared/lives/consistency';
import { assertTransition, idleStateFor, isActive } from '@shared/lives/state-machine';
import type { Caller } from '../context';
import type { EngineEvents } from '../events/event-bus';
import { transaction } from '../storage/database';
import { assertMayActOnLive, assertMayUseLives, notFound } from './live-access';
import type { OutputFeeds } from './output-feeds';
import { secretRefsOf, toLiveView, type DestinationRecord, type LiveRecord, type LiveStore } from './live-store';
import type { SourceConfinement } from './source-confinement';
import type { StreamKeys } from './stream-keys';
import { maskedPasswordProblem, sourceUrlOf, withSourceUrl, type PreviousUrl, type UrlPasswords } from './url-passwords';
import { engineMessage } from '@shared/messages/engine-message';

export interface LiveEditorDeps {
  readonly db: DatabaseSync;
  readonly lives: LiveStore;
  readonly keys: StreamKeys;
  readonly passwords: UrlPasswords;
  readonly events: EngineEvents;
  readonly now: () => number;
  /** Where a shared engine lets a live's files come from (the library's folders). */
  readonly confinement?: SourceConfinement;
  /** Which public outputs a live may feed (the outputs domain's port). */
  readonly outputFeeds: () => OutputFeeds;
}

/**
 * Create, change and delete lives. Keys and URL passwords are written to the SecretStore before
 * the database commits and the replaced ones are discarded only after, so a failure at any step
 * loses nothing and leaves no secret behind in plain text.
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
    throwIfIssues((await this.#deps.confinement?.issues(caller, fields.source)) ?? [], 'lives.create', []);
    const liveId = randomUUID();
    const newRefs: string[] = [];
    const { source, destinations } = await this.#discardOnFailure(newRefs, async () => ({
      source: await this.#protectSource(liveId, fields.source, undefined, newRefs, 'lives.create', []),
      destinations: await this.#resolveDestinations(
        { liveId, ownerId: caller.userId },
        fields.destinations,
        [],
        newRefs,
        'lives.create',
        [],
      ),
    }));
    const record: LiveRecord = {
      id: liveId,
      ownerId: caller.userId,
      title: fields.title,
      source: source.source,
      sourceSecretRef: source.ref,
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
        throw RpcError.of(
          'INVALID_STATE',
          engineMessage('lives.onlyTitleWhileRunning', {
            state: before.state,
            fields: keys.filter((k) => k !== 'title').join(', '),
          }),
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
    if (patch.source !== undefined) {
      throwIfIssues((await this.#deps.confinement?.issues(caller, patch.source)) ?? [], 'lives.update', ['patch']);
    }
    const newRefs: string[] = [];
    const { source, destinations } = await this.#discardOnFailure(newRefs, async () => ({
      source:
        patch.source === undefined
          ? { source: before.source, ref: before.sourceSecretRef }
          : await this.#protectSource(liveId, patch.source, previousSourceUrl(before), newRefs, 'lives.update', ['patch']),
      destinations:
        patch.destinations === undefined
          ? before.destinations
          : await this.#resolveDestinations(
              { liveId, ownerId: before.ownerId },
              patch.destinations,
              before.destinations,
              newRefs,
              'lives.update',
              ['patch'],
            ),
    }));
    const keptRefs = new Set(secretRefsOf({ ...before, sourceSecretRef: source.ref, destinations }));
    const staleRefs = secretRefsOf(before).filter((ref) => !keptRefs.has(ref));
    await this.#commitOrDiscard(newRefs, () => {
      const current = this.#deps.lives.get(liveId);
      if (!current) throw notFound(liveId);
      // The live may have started while keys were being stored.
      if (isActive(current.state))
        throw RpcError.of('INVALID_STATE', engineMessage('lives.stopBeforeChanging', { state: current.state }));
      let state = current.state;
      if (patch.start !== undefined && idleStateFor(merged.start.kind) !== state) {
        assertTransition(state, idleStateFor(merged.start.kind));
        state = idleStateFor(merged.start.kind);
      }
      this.#deps.lives.replace({
        ...current,
        ...merged,
        source: source.source,
        sourceSecretRef: source.ref,
        state,
        updatedAt: now,
        destinations,
      });
    });
    await this.#deps.keys.discard(staleRefs);
    return this.#emit(liveId);
  }

  /**
   * Replace a live's destinations, in any state (the lives module hands a running live's new
   * list to the runtime). Keys are kept by destination id; a new key is stored first and the
   * keys of destinations that went are discarded after the commit, as in `update`.
   */
  async replaceDestinations(caller: Caller, liveId: string, inputs: readonly DestinationFields[], method: string): Promise<Live> {
    const before = this.#load(caller, liveId, 'edit');
    const newRefs: string[] = [];
    const destinations = await this.#discardOnFailure(newRefs, () =>
      this.#resolveDestinations({ liveId, ownerId: before.ownerId }, inputs, before.destinations, newRefs, method, []),
    );
    const keptRefs = new Set(secretRefsOf({ ...before, destinations }));
    const staleRefs = secretRefsOf(before).filter((ref) => !keptRefs.has(ref));
    await this.#commitOrDiscard(newRefs, () => {
      const current = this.#deps.lives.get(liveId);
      if (!current) throw notFound(liveId);
      this.#deps.lives.replace({ ...current, destinations, updatedAt: this.#deps.now() });
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
        throw RpcError.of('INVALID_STATE', engineMessage('lives.stopBeforeDeleting', { state: current.state }));
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

  /**
   * The source to store: a password in its URL becomes a secret (reference pushed to `newRefs`),
   * the mask keeps the stored one. Refused before anything is stored when the mask cannot be kept.
   */
  async #protectSource(
    liveId: string,
    source: Source,
    previous: PreviousUrl | undefined,
    newRefs: string[],
    method: string,
    pathPrefix: readonly string[],
  ): Promise<{ source: Source; ref: string | null }> {
    const url = sourceUrlOf(source);
    const problem = maskedPasswordProblem(url, previous);
    if (problem !== null) throwIfIssues([{ path: ['source', 'url'], message: problem }], method, pathPrefix);
    const stored = await this.#deps.passwords.protect(liveId, 'source', url, previous, newRefs);
    return { source: withSourceUrl(source, stored?.url), ref: stored?.ref ?? null };
  }

  /**
   * Match inputs to existing destinations by id, storing any new key or URL password as a fresh
   * secret (references pushed to `newRefs`, for the caller to discard if the change fails).
   */
  async #resolveDestinations(
    { liveId, ownerId }: { liveId: string; ownerId: string },
    inputs: readonly DestinationFields[],
    existing: readonly DestinationRecord[],
    newRefs: string[],
    method: string,
    pathPrefix: readonly string[],
  ): Promise<DestinationRecord[]> {
    const byId = new Map(existing.map((d) => [d.id, d]));
    const issues: RpcIssue[] = [];
    inputs.forEach((input, i) => {
      if (input.id !== undefined && !byId.has(input.id)) {
        issues.push({
          path: [...pathPrefix, 'destinations', i, 'id'],
          message: `This live has no destination with id "${input.id}".`,
        });
      }
      const previous = input.id === undefined ? undefined : byId.get(input.id);
      const problem = maskedPasswordProblem(input.url, previous && { url: previous.url, ref: previous.urlSecretRef });
      if (problem !== null) issues.push({ path: [...pathPrefix, 'destinations', i, 'url'], message: problem });
      const refusal = input.outputId === undefined ? null : this.#deps.outputFeeds().refusal(ownerId, input.outputId);
      if (refusal !== null) issues.push({ path: [...pathPrefix, 'destinations', i, 'outputId'], message: refusal });
    });
    throwIfIssues(issues, method, []);
    // Stored side by side (the secret store writes a batch at once); every store settles before a
    // failure is thrown, so the caller can discard all the secrets this call made.
    const settled = await Promise.allSettled(
      inputs.map(async (input): Promise<DestinationRecord> => {
        const previous = input.id === undefined ? undefined : byId.get(input.id);
        const id = previous?.id ?? randomUUID();
        let keyRef = isPushKind(input.kind) ? (previous?.keyRef ?? null) : null;
        let keyMasked = isPushKind(input.kind) ? (previous?.keyMasked ?? null) : null;
        if (input.streamKey !== undefined) {
          const stored = await this.#deps.keys.store(liveId, id, input.streamKey);
          newRefs.push(stored.keyRef);
          keyRef = stored.keyRef;
          keyMasked = stored.keyMasked;
        }
        const previousUrl = previous && { url: previous.url, ref: previous.urlSecretRef };
        const url = await this.#deps.passwords.protect(liveId, id, input.url, previousUrl, newRefs);
        return {
          id,
          name: input.name,
          enabled: input.enabled,
          kind: input.kind,
          url: url?.url,
          outputId: input.outputId,
          keyRef,
          keyMasked,
          urlSecretRef: url?.ref ?? null,
        };
      }),
    );
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<DestinationRecord>).value);
  }

  /** Run `work`; if it fails, discard the secrets it stored (`newRefs`) before passing the error on. */
  async #discardOnFailure<T>(newRefs: readonly string[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.#deps.keys.discard(newRefs);
      throw error;
    }
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

function previousSourceUrl(live: LiveRecord): PreviousUrl {
  return { url: sourceUrlOf(live.source), ref: live.sourceSecretRef };
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
