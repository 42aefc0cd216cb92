import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Live } from '@shared/contract/lives';
import type { LinkAddresses, Output, OutputFeed, OutputLink } from '@shared/contract/outputs';
import type { Refusal } from '@shared/outputs/watch-text';
import { outputRoot } from '../hls/hls-paths';
import type { OutputFeeds, VerifiedChatter, VerifiedViewer } from './outputs-port';
import type { EngineDeps } from '../module';
import { AccessGate } from './access-gate';
import { FailureLimiter, type FailureLimits } from './failure-limiter';
import { LinkStore, type LinkRecord } from './link-store';
import { LiveFeeds } from './live-feeds';
import { OutputChannel } from './output-channel';
import { OutputStore, type OutputRecord } from './output-store';
import { SharingControl } from './sharing';
import { SigningKeys } from './signing-keys';
import { ensureSlate, type SlateClip } from './slate';
import { ViewerPresence } from './viewer-presence';
import { signViewerToken } from './viewer-tokens';
import { loadWatchAssets, type WatchAssets } from './watch-assets';

/** A play token lasts this long; the watch page asks for a new one well before. */
export const PLAY_TOKEN_MS = 10 * 60_000;
/** How often the channels look for new segments. */
const TICK_MS = 250;
/** Viewer counts are pushed to the app at most this often. */
const VIEWERS_EVERY_MS = 5000;

export interface OutputsOptions {
  /** The built watch page (tests build their own); default: beside the engine's bundle. */
  readonly watchAssetsDir?: string | undefined;
  readonly failureLimits?: FailureLimits | undefined;
}

/** The lives as the outputs see them: the list at start, then their events. */
export interface LivesView {
  activeLives(): Live[];
  /** Lives waiting for their start time (the guide lists those that will feed an output). */
  scheduledLives(): Live[];
}

/** Everything the outputs module's handlers, routes and port stand on, built once per engine. */
export class OutputsDomain {
  readonly store: OutputStore;
  readonly links: LinkStore;
  readonly keys: SigningKeys;
  readonly gate: AccessGate;
  readonly presence: ViewerPresence;
  readonly feeds: LiveFeeds;
  readonly sharing: SharingControl;
  readonly deps: EngineDeps;
  readonly #channels = new Map<string, OutputChannel>();
  readonly #feedKeys = new Map<string, string>();
  readonly #viewerCounts = new Map<string, number>();
  #slate: SlateClip | null = null;
  #slateMaking: Promise<void> | undefined;
  #assets: WatchAssets | null = null;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #viewersAt = 0;
  #closed = false;

  constructor(
    deps: EngineDeps,
    private readonly options: OutputsOptions,
  ) {
    this.deps = deps;
    this.store = new OutputStore(deps.db);
    this.links = new LinkStore(deps.db);
    this.keys = new SigningKeys(deps.db, deps.secrets, deps.now);
    this.presence = new ViewerPresence(deps.now);
    this.feeds = new LiveFeeds(deps.now);
    this.sharing = new SharingControl(deps.http, this.store);
    this.gate = new AccessGate({
      keys: this.keys,
      link: (id) => this.links.get(id),
      limiter: new FailureLimiter(deps.now, options.failureLimits),
      presence: this.presence,
      now: deps.now,
      onView: (linkId) => {
        this.links.addView(linkId);
        this.emitLink(linkId);
      },
    });
  }

  get assets(): WatchAssets | null {
    return this.#assets;
  }

  #lives: LivesView = { activeLives: () => [], scheduledLives: () => [] };

  get lives(): LivesView {
    return this.#lives;
  }

  async start(lives: LivesView): Promise<void> {
    this.#lives = lives;
    await this.keys.load();
    this.#assets = await loadWatchAssets(this.options.watchAssetsDir);
    if (!this.#assets) this.deps.log('The watch page is not part of this build: /watch/ answers 503 (playlists still work).');
    for (const output of this.store.list()) await this.openChannel(output.id);
    for (const live of lives.activeLives()) this.feeds.update(live);
    this.#unsubscribe = this.deps.events.subscribe((event, payload) => {
      if (event === 'live.updated') this.feeds.update(payload as Live);
      if (event === 'live.deleted') this.feeds.remove((payload as { liveId: string }).liveId);
    });
    this.links.deleteExpiredBefore(this.deps.now() - 30 * 24 * 3600_000);
    await this.sharing.applySaved();
    this.#timer = setInterval(() => void this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    // Nothing may write in the data folder once the engine has closed.
    await this.#slateMaking;
  }

  channel(outputId: string): OutputChannel | undefined {
    return this.#channels.get(outputId);
  }

  async openChannel(outputId: string): Promise<void> {
    await this.keys.ensureCurrent();
    // The slate takes FFmpeg a second or two, made once the first output exists: channels start
    // without it and pick it up when ready.
    this.#slateMaking ??= ensureSlate(`${this.deps.dataDir}/outputs`, this.deps.ffmpeg, this.deps.log).then(
      (clip) => {
        this.#slate = clip;
      },
      (error: unknown) => this.deps.log('The slate could not be made', error),
    );
    const channel = await OutputChannel.open({
      dir: outputRoot(this.deps.dataDir, outputId),
      slate: () => this.#slate,
      now: this.deps.now,
      log: this.deps.log,
    });
    this.#channels.set(outputId, channel);
  }

  async removeChannel(outputId: string): Promise<void> {
    this.#channels.delete(outputId);
    this.#feedKeys.delete(outputId);
    this.feeds.forget(outputId);
    await rm(outputRoot(this.deps.dataDir, outputId), { recursive: true, force: true });
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    await Promise.all(
      [...this.#channels].map(async ([outputId, channel]) => {
        try {
          await channel.tick(this.feeds.candidates(outputId));
        } catch (error) {
          this.deps.log(`Output ${outputId} could not publish its segments`, error);
        }
        const feed = channel.feed;
        const key = `${feed.state}:${feed.liveId ?? ''}`;
        if (this.#feedKeys.get(outputId) === key) return;
        this.#feedKeys.set(outputId, key);
        this.emit(outputId);
      }),
    );
    const now = this.deps.now();
    if (now - this.#viewersAt < VIEWERS_EVERY_MS) return;
    this.#viewersAt = now;
    for (const outputId of this.#channels.keys()) {
      const count = this.presence.countOutput(outputId);
      if ((this.#viewerCounts.get(outputId) ?? 0) === count) continue;
      this.#viewerCounts.set(outputId, count);
      this.emit(outputId);
    }
  }

  feedOf(output: OutputRecord): OutputFeed {
    const feed = this.#channels.get(output.id)?.feed;
    if (!feed || feed.state === 'slate' || feed.liveId === null)
      return { state: 'slate', liveId: null, liveTitle: null, since: null };
    return {
      state: 'live',
      liveId: feed.liveId,
      liveTitle: this.feeds.titleOf(output.id, feed.liveId),
      since: feed.since === null ? null : new Date(feed.since).toISOString(),
    };
  }

  view(output: OutputRecord): Output {
    const url = (segments: string[]): string | null => this.deps.http.url('public', segments);
    return {
      id: output.id,
      slug: output.slug,
      title: output.title,
      group: output.group,
      logoUrl: output.logoUrl,
      access: output.access,
      isDefault: output.isDefault,
      ownerId: output.ownerId,
      createdAt: new Date(output.createdAt).toISOString(),
      updatedAt: new Date(output.updatedAt).toISOString(),
      feed: this.feedOf(output),
      viewers: this.presence.countOutput(output.id),
      addresses: { playlist: url(['o', output.slug, 'live.m3u8']), watch: url(['watch', output.slug]) },
    };
  }

  emit(outputId: string): void {
    const output = this.store.get(outputId);
    if (output) this.deps.events.emit('output.updated', this.view(output));
  }

  linkView(link: LinkRecord): OutputLink {
    const now = this.deps.now();
    return {
      id: link.id,
      outputId: link.outputId,
      label: link.label,
      createdAt: new Date(link.createdAt).toISOString(),
      expiresAt: new Date(link.expiresAt).toISOString(),
      revokedAt: link.revokedAt === null ? null : new Date(link.revokedAt).toISOString(),
      state: link.revokedAt !== null ? 'revoked' : link.expiresAt <= now ? 'expired' : 'active',
      maxViewers: link.maxViewers,
      views: link.views,
      viewers: this.presence.countScope(`link:${link.id}`),
    };
  }

  emitLink(linkId: string): void {
    const link = this.links.get(linkId);
    const output = link && this.store.get(link.outputId);
    if (link && output) this.deps.events.emit('output.linkUpdated', { ownerId: output.ownerId, link: this.linkView(link) });
  }

  /** A link's token: derived from its id and expiry with the current key, so it can be given again. */
  linkToken(link: LinkRecord): string {
    return signViewerToken({ kind: 'link', outputId: link.outputId, linkId: link.id, expiresAt: link.expiresAt }, this.keys);
  }

  /** A watch page's play token: minutes long, never beyond its link's expiry. */
  playToken(outputId: string, link: LinkRecord | null, viewerId: string): string {
    const expiresAt = Math.min(this.deps.now() + PLAY_TOKEN_MS, link?.expiresAt ?? Number.POSITIVE_INFINITY);
    return signViewerToken({ kind: 'play', outputId, linkId: link?.id ?? null, viewerId, expiresAt }, this.keys);
  }

  linkAddresses(link: LinkRecord): LinkAddresses | null {
    const output = this.store.get(link.outputId);
    const base = this.deps.http.baseUrl('public');
    if (!output || base === null) return null;
    const t = `?t=${encodeURIComponent(this.linkToken(link))}`;
    const slug = encodeURIComponent(output.slug);
    return {
      watch: `${base}/watch/${slug}${t}`,
      playlist: `${base}/o/${slug}/live.m3u8${t}`,
      m3u: `${base}/playlist.m3u${t}`,
      xmltv: `${base}/guide.xml${t}`,
    };
  }

  /** For other modules: who a token (link or play) lets in now, or null (forged, expired, revoked, output gone). */
  verifyViewerToken(text: string): VerifiedViewer | null {
    const checked = this.checkViewerToken(text);
    return 'refusal' in checked ? null : checked;
  }

  /** The same, saying why a token is refused. A chat token is not a viewer token. */
  checkViewerToken(text: string): VerifiedViewer | { readonly refusal: Refusal } {
    const checked = this.gate.checkToken(text);
    if (!checked.ok) return { refusal: checked.refusal };
    const { token } = checked;
    const output = this.store.get(token.outputId);
    if (!output) return { refusal: 'notFound' };
    if (token.kind === 'chat') return { refusal: 'forged' };
    if (token.linkId === null && output.access !== 'open') return { refusal: 'revoked' };
    return { outputId: token.outputId, linkId: token.linkId, viewerId: token.kind === 'play' ? token.viewerId : null };
  }

  /** A chat token for `chatterId`: bound to the output and link, never beyond the link's expiry. */
  chatToken(outputId: string, linkId: string | null, chatterId: string, lifetimeMs: number): string {
    const link = linkId === null ? undefined : this.links.get(linkId);
    const expiresAt = Math.min(this.deps.now() + lifetimeMs, link?.expiresAt ?? Number.POSITIVE_INFINITY);
    return signViewerToken({ kind: 'chat', outputId, linkId, viewerId: chatterId, expiresAt }, this.keys);
  }

  /** A chat token's chatter, its output and link while both stand; otherwise why not. */
  verifyChatToken(text: string): VerifiedChatter | { readonly refusal: Refusal } {
    const checked = this.gate.checkToken(text);
    if (!checked.ok) return { refusal: checked.refusal };
    if (checked.token.kind !== 'chat') return { refusal: 'forged' };
    if (!this.store.get(checked.token.outputId)) return { refusal: 'notFound' };
    const { outputId, linkId, viewerId, expiresAt } = checked.token;
    return { outputId, linkId, chatterId: viewerId, expiresAt };
  }

  /** The port the lives domain asks before a live may feed an output. */
  readonly feedsPort: OutputFeeds = {
    refusal: (ownerId, outputId) => {
      const output = this.store.get(outputId);
      if (!output) return 'That public output no longer exists: choose another one.';
      if (output.ownerId !== ownerId) return `Only lives of the owner of “${output.title}” may feed it.`;
      return null;
    },
  };

  newLinkId(): string {
    return randomBytes(9).toString('base64url');
  }
}
