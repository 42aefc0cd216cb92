import type { AccountStatus, Programme } from '@shared/contract/iptv';
import { IptvFailure } from '../iptv-failure';
import { openByteSource, type OpenedSource } from '../net/byte-source';
import type { FetchPolicy } from '../net/http-get';
import { accountOf, userInfoOf } from './xtream-account';
import { jsonArrayItems, readJson } from './json-stream';

export interface XtreamLogin {
  /** http(s)://host[:port], no trailing slash. */
  readonly serverUrl: string;
  readonly username: string;
  readonly password: string;
}

export interface XtreamRequestOptions {
  readonly userAgent: string;
  readonly policy?: FetchPolicy;
  readonly signal?: AbortSignal;
  /** Largest answer read (the live streams list of a big panel is tens of MB). */
  readonly maxBytes: number;
}

const SMALL_ANSWER = 8 * 1024 * 1024;

/** The Xtream Codes player API (player_api.php), as IPTV players use it. */
export class XtreamApi {
  readonly #login: XtreamLogin;
  readonly #options: XtreamRequestOptions;

  constructor(login: XtreamLogin, options: XtreamRequestOptions) {
    this.#login = { ...login, serverUrl: login.serverUrl.replace(/\/+$/, '') };
    this.#options = options;
  }

  get secrets(): string[] {
    return [this.#login.password, this.#login.username];
  }

  /** `…/player_api.php?username=…&password=…[&action=…]` */
  apiUrl(params: Record<string, string> = {}): string {
    const query = new URLSearchParams({ username: this.#login.username, password: this.#login.password, ...params });
    return `${this.#login.serverUrl}/player_api.php?${query.toString()}`;
  }

  xmltvUrl(): string {
    const query = new URLSearchParams({ username: this.#login.username, password: this.#login.password });
    return `${this.#login.serverUrl}/xmltv.php?${query.toString()}`;
  }

  /** `…/live/<user>/<password>/<id>.<ext>`: the URL players open, built when a channel starts. */
  streamUrl(streamId: number, extension: 'm3u8' | 'ts'): string {
    const user = encodeURIComponent(this.#login.username);
    const pass = encodeURIComponent(this.#login.password);
    return `${this.#login.serverUrl}/live/${user}/${pass}/${streamId}.${extension}`;
  }

  /**
   * The account: the bare player_api.php call first (what every panel answers), then
   * `action=get_account_info`, which some panels require, when the first answer has no user_info.
   */
  async probe(nowMs: number): Promise<AccountStatus> {
    let firstFailure: IptvFailure | null = null;
    const forms: Record<string, string>[] = [{}, { action: 'get_account_info' }];
    for (const params of forms) {
      try {
        const info = userInfoOf(await this.#json(params));
        if (info) return accountOf(info, nowMs);
      } catch (error) {
        if (!(error instanceof IptvFailure)) throw error;
        // An unreachable panel or a refused account will not answer better to another form.
        if (error.code !== 'http-status' && error.code !== 'bad-response' && error.code !== 'html-page') throw error;
        firstFailure ??= error;
      }
    }
    if (firstFailure?.code === 'http-status' && /HTTP 40[13]\b/.test(firstFailure.message)) {
      throw new IptvFailure(
        'auth-failed',
        `The panel refused the request (${/HTTP 40[13]/.exec(firstFailure.message)?.[0]}): wrong username or password, or it blocks this User-Agent.`,
      );
    }
    throw (
      firstFailure ??
      new IptvFailure(
        'bad-response',
        'The panel answered without account information (no user_info): is this an Xtream Codes server?',
      )
    );
  }

  async categories(): Promise<{ id: string; name: string }[]> {
    const answer = await this.#json({ action: 'get_live_categories' });
    if (!Array.isArray(answer)) return [];
    return answer.flatMap((c: unknown) => {
      const row = c as { category_id?: unknown; category_name?: unknown };
      const id = row.category_id;
      if ((typeof id !== 'string' && typeof id !== 'number') || typeof row.category_name !== 'string') return [];
      return [{ id: String(id), name: row.category_name }];
    });
  }

  /** get_live_streams, streamed in batches of parsed entries. */
  async *liveStreams(): AsyncGenerator<unknown[]> {
    const opened = await this.#open({ action: 'get_live_streams' }, this.#options.maxBytes);
    yield* jsonArrayItems(opened.chunks, 'The panel’s live streams', (value) => {
      if (userInfoOf(value) || (value as { user_info?: unknown } | null)?.user_info !== undefined) {
        throw new IptvFailure('auth-failed', 'The panel refused the username or password when listing streams.');
      }
      throw new IptvFailure('bad-response', 'The panel did not answer a list of live streams.');
    });
  }

  /** get_short_epg: a few programmes of one stream, titles base64-encoded, times in Unix seconds. */
  async shortEpg(streamId: number, limit: number): Promise<Programme[]> {
    const answer = (await this.#json({ action: 'get_short_epg', stream_id: String(streamId), limit: String(limit) })) as {
      epg_listings?: unknown;
    } | null;
    const listings = Array.isArray(answer?.epg_listings) ? answer.epg_listings : [];
    return listings.flatMap((raw: unknown) => {
      const l = raw as Record<string, unknown>;
      const start = Number(l.start_timestamp) * 1000;
      const stop = Number(l.stop_timestamp ?? l.end_timestamp) * 1000;
      if (!Number.isFinite(start) || !Number.isFinite(stop) || stop <= start) return [];
      return [
        {
          title: base64Text(l.title) ?? '',
          subtitle: null,
          description: base64Text(l.description),
          category: null,
          start: new Date(start).toISOString(),
          stop: new Date(stop).toISOString(),
        },
      ];
    });
  }

  async #json(params: Record<string, string>): Promise<unknown> {
    const opened = await this.#open(params, SMALL_ANSWER);
    return readJson(opened.chunks, opened.label);
  }

  #open(params: Record<string, string>, maxBytes: number): Promise<OpenedSource> {
    return openByteSource(
      { url: this.apiUrl(params) },
      {
        userAgent: this.#options.userAgent,
        maxBytes,
        what: 'The panel’s answer',
        secrets: this.secrets,
        ...(this.#options.policy ? { policy: this.#options.policy } : {}),
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      },
    );
  }
}

function base64Text(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return text.trim() === '' ? null : text;
}
