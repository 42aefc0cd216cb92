import { epgIdOf, channelName, m3uChunks, xmltvChunks } from './catalog-fixtures';
import type { ChannelOrigin } from './channel-origin';
import { TestHttpServer, type TestAnswer } from './test-http-server';

export interface FakeAccount {
  password: string;
  auth?: 0 | 1;
  status?: string;
  /** Unix seconds; null: never expires. */
  expDate?: number | null;
  maxConnections?: number;
  activeCons?: number;
  formats?: string[];
}

export interface FakePanelOptions {
  accounts: Record<string, FakeAccount>;
  channels: number;
  categories?: number;
  /** `bare`: player_api.php alone answers user_info. `action-only`: only action=get_account_info does. */
  accountInfo?: 'bare' | 'action-only';
  /** Answer 403 to any other User-Agent (panels that only talk to players). */
  requireUserAgent?: RegExp;
  xmltv?: 'ok' | 'broken' | 'missing';
  programmesPerChannel?: number;
  epgStartMs?: number;
  /** Serve every channel's stream from this origin: `/live/<user>/<pass>/<id>.m3u8` (HLS) and `.ts`. */
  streams?: ChannelOrigin;
  /** Streams that answer 404 (a channel gone from the panel). */
  deadStreams?: readonly number[];
  /** Channel logos served by the panel itself (`/logos/<i>.svg`); otherwise on an unresolvable host. */
  logos?: boolean;
}

/**
 * A small Xtream Codes panel on loopback: player_api.php (account, categories, live streams
 * streamed as one JSON array, short EPG), xmltv.php and get.php, with the quirks real panels
 * have (numbers as strings, auth: 0 for a wrong login, User-Agent filtering).
 */
export class FakeXtreamPanel {
  readonly server = new TestHttpServer();

  constructor(public options: FakePanelOptions) {}

  async start(): Promise<this> {
    await this.server.listen();
    this.server.route('/player_api.php', (request, url) => this.#guard(request.headers['user-agent'], () => this.#api(url)));
    this.server.route('/xmltv.php', (request, url) => this.#guard(request.headers['user-agent'], () => this.#xmltv(url)));
    this.server.route('/get.php', (request, url) => this.#guard(request.headers['user-agent'], () => this.#m3u(url)));
    this.server.routePrefix('/logos/', (_request, url) => logoSvg(url.pathname));
    this.server.routePrefix('/live/', (request, url) => this.#guard(request.headers['user-agent'], () => this.#stream(url)));
    return this;
  }

  get url(): string {
    return this.server.origin;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  #guard(userAgent: string | undefined, answer: () => TestAnswer | Promise<TestAnswer>): TestAnswer | Promise<TestAnswer> {
    if (this.options.requireUserAgent && !this.options.requireUserAgent.test(userAgent ?? '')) {
      return { status: 403, body: 'Forbidden' };
    }
    return answer();
  }

  #account(url: URL): FakeAccount | null {
    const account = this.options.accounts[url.searchParams.get('username') ?? ''];
    return account && account.password === url.searchParams.get('password') ? account : null;
  }

  #api(url: URL): TestAnswer {
    const json = (value: unknown): TestAnswer => ({ body: JSON.stringify(value), contentType: 'application/json' });
    const account = this.#account(url);
    const action = url.searchParams.get('action');
    if (!account) return json({ user_info: { auth: 0 } });
    if (action === null || action === 'get_account_info') {
      if (action === null && this.options.accountInfo === 'action-only') return json([]);
      return json({
        user_info: {
          username: url.searchParams.get('username'),
          password: account.password,
          auth: account.auth ?? 1,
          status: account.status ?? 'Active',
          exp_date: account.expDate === null || account.expDate === undefined ? null : String(account.expDate),
          is_trial: '0',
          active_cons: String(account.activeCons ?? 0),
          max_connections: String(account.maxConnections ?? 2),
          allowed_output_formats: account.formats ?? ['m3u8', 'ts', 'rtmp'],
        },
        server_info: { url: '127.0.0.1', port: '80', server_protocol: 'http', timezone: 'UTC', timestamp_now: 0 },
      });
    }
    const categories = this.options.categories ?? 20;
    if (action === 'get_live_categories') {
      return json(
        Array.from({ length: categories }, (_v, i) => ({
          category_id: String(i + 1),
          category_name: `Catégorie ${i + 1}`,
          parent_id: 0,
        })),
      );
    }
    if (action === 'get_live_streams') {
      const channels = this.options.channels;
      const origin = this.url;
      const logoOf = this.options.logos
        ? (i: number) => `${origin}/logos/${i}.svg`
        : (i: number) => `http://logos.example/${i}.png`;
      return {
        contentType: 'application/json',
        body: function* () {
          yield '[';
          let chunk = '';
          for (let i = 0; i < channels; i++) {
            chunk += `${i === 0 ? '' : ','}${JSON.stringify({
              num: i + 1,
              name: channelName(i),
              stream_type: 'live',
              stream_id: 1000 + i,
              stream_icon: logoOf(i),
              epg_channel_id: epgIdOf(i),
              added: '1700000000',
              category_id: String((i % categories) + 1),
              category_ids: [(i % categories) + 1],
              custom_sid: '',
              tv_archive: i % 10 === 0 ? 1 : 0,
              direct_source: '',
              tv_archive_duration: i % 10 === 0 ? '7' : 0,
            })}`;
            if (chunk.length > 64 * 1024) {
              yield chunk;
              chunk = '';
            }
          }
          yield `${chunk}]`;
        },
      };
    }
    if (action === 'get_short_epg') {
      const start = Math.floor((this.options.epgStartMs ?? Date.now()) / 1000);
      const b64 = (text: string) => Buffer.from(text).toString('base64');
      return json({
        epg_listings: [0, 1, 2].map((j) => ({
          id: String(j),
          epg_id: '1',
          title: b64(`Short EPG ${url.searchParams.get('stream_id')} #${j}`),
          lang: 'fr',
          start: '',
          end: '',
          description: b64('Décrit en base64'),
          channel_id: 'x',
          start_timestamp: String(start + j * 3600),
          stop_timestamp: String(start + (j + 1) * 3600),
        })),
      });
    }
    return json([]);
  }

  /** What a player opens: `/live/<user>/<pass>/<streamId>.<m3u8|ts>`, and the HLS segments beside it. */
  async #stream(url: URL): Promise<TestAnswer> {
    const origin = this.options.streams;
    const [, , user = '', pass = '', file = ''] = url.pathname.split('/').map(decodeURIComponent);
    const account = this.options.accounts[user];
    if (!origin || !account || account.password !== pass) return { status: 401, body: 'Unauthorized' };
    const id = /^(\d+)\.(m3u8|ts)$/.exec(file);
    if (id && this.options.deadStreams?.includes(Number(id[1]))) return { status: 404, body: 'Not Found' };
    if (id?.[2] === 'm3u8') {
      const playlist = await origin.playlist();
      return playlist ? { body: playlist, contentType: 'application/vnd.apple.mpegurl' } : { status: 404, body: 'not yet' };
    }
    if (id?.[2] === 'ts') return { contentType: 'video/mp2t', contentLength: null, body: () => origin.tsStream() };
    const segment = await origin.segment(file);
    return segment ? { body: segment, contentType: 'video/mp2t' } : { status: 404, body: 'Not Found' };
  }

  #xmltv(url: URL): TestAnswer {
    if (!this.#account(url)) return { status: 401, body: 'Unauthorized' };
    if (this.options.xmltv === 'missing') return { status: 404, body: 'Not Found' };
    if (this.options.xmltv === 'broken') {
      return {
        contentType: 'application/xml',
        body: '<?xml version="1.0"?><tv><programme start="20240101120000 +0000" channel="a"><title>Cut</title></tv>',
      };
    }
    const options = this.options;
    return {
      contentType: 'application/xml',
      body: () =>
        xmltvChunks({
          channels: Math.min(options.channels, 2000),
          programmesPerChannel: options.programmesPerChannel ?? 3,
          startMs: options.epgStartMs ?? Date.now() - 3600_000,
        }),
    };
  }

  #m3u(url: URL): TestAnswer {
    if (!this.#account(url)) return { status: 401, body: 'Unauthorized' };
    const user = url.searchParams.get('username') ?? '';
    const pass = url.searchParams.get('password') ?? '';
    return {
      contentType: 'audio/x-mpegurl',
      body: () => m3uChunks({ channels: this.options.channels, streamOrigin: this.url, login: { user, pass } }),
    };
  }
}

export async function startFakeXtreamPanel(options: FakePanelOptions): Promise<FakeXtreamPanel> {
  return new FakeXtreamPanel(options).start();
}

/** A channel's logo: a coloured tile with its number, as an SVG (`/logos/<i>.svg`). */
function logoSvg(pathname: string): TestAnswer {
  const i = Number(/^\/logos\/(\d+)\.svg$/.exec(pathname)?.[1] ?? Number.NaN);
  if (!Number.isInteger(i)) return { status: 404, body: 'Not Found' };
  const hue = (i * 47) % 360;
  return {
    contentType: 'image/svg+xml',
    body:
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="hsl(${hue},65%,45%)"/>` +
      `<text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">${i % 100}</text></svg>`,
  };
}
