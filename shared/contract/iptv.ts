/**
 * IPTV providers (M3U playlists, Xtream Codes panels), their channel catalog and EPG. A channel's
 * stream URL never crosses this contract: providers' credentials stay in the engine, which
 * resolves a channel to a playable URL itself (previews, lives).
 */
import { z } from 'zod';
import { event, method } from './define';

export const IPTV_LIMITS = Object.freeze({
  nameMax: 120,
  urlMax: 8192,
  pathMax: 4096,
  usernameMax: 256,
  passwordMax: 1024,
  userAgentMax: 256,
  epgSourcesMax: 8,
  pageMax: 500,
  queryMax: 200,
  refreshMinutesMin: 15,
  refreshMinutesMax: 7 * 24 * 60,
  connectionsMax: 1000,
  /** The furthest row a list may start at (`offset`): more than any provider's catalog holds. */
  offsetMax: 10_000_000,
});

const Id = z.string().min(1, 'An id is required.').max(64, 'An id is at most 64 characters.');
const IsoUtc = z.iso.datetime();
const Name = z
  .string()
  .trim()
  .min(1, 'A name is required.')
  .max(IPTV_LIMITS.nameMax, `A name is at most ${IPTV_LIMITS.nameMax} characters.`);

/** Where a playlist or an EPG comes from: a URL, or a file on the engine's machine (absolute path). */
export const CatalogSource = z.union([
  z
    .object({
      url: z
        .string()
        .trim()
        .min(1)
        .max(IPTV_LIMITS.urlMax, `A URL is at most ${IPTV_LIMITS.urlMax} characters.`)
        .regex(/^https?:\/\//i, 'Playlists and EPGs are fetched over http:// or https://.'),
    })
    .strict(),
  z
    .object({
      file: z
        .string()
        .min(1)
        .max(IPTV_LIMITS.pathMax)
        .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'The file path must be absolute.'),
    })
    .strict(),
]);
export type CatalogSource = z.infer<typeof CatalogSource>;

const RefreshMinutes = z
  .number()
  .int()
  .min(IPTV_LIMITS.refreshMinutesMin, `Refresh at most every ${IPTV_LIMITS.refreshMinutesMin} minutes.`)
  .max(IPTV_LIMITS.refreshMinutesMax, 'Refresh at least once a week.');
const MaxConnections = z.number().int().min(1).max(IPTV_LIMITS.connectionsMax).nullable();
const UserAgent = z
  .string()
  .trim()
  .min(1)
  .max(IPTV_LIMITS.userAgentMax)
  .regex(/^[\x20-\x7e]+$/, 'A User-Agent is printable ASCII.')
  .nullable();
const EpgSources = z.array(CatalogSource).max(IPTV_LIMITS.epgSourcesMax, `At most ${IPTV_LIMITS.epgSourcesMax} EPG sources.`);

export const M3uProviderInput = z
  .object({
    kind: z.literal('m3u'),
    name: Name,
    playlist: CatalogSource,
    /** Replaces the playlist's own `url-tvg` / `x-tvg-url` EPG links when not empty. */
    epg: EpgSources.default([]),
    /** How many channels the subscription may play at once (previews and lives); null: no limit. */
    maxConnections: MaxConnections.default(null),
    /** null: a VLC-style User-Agent, which panels expect. */
    userAgent: UserAgent.default(null),
    refreshIntervalMinutes: RefreshMinutes.default(24 * 60),
  })
  .strict();

export const XtreamProviderInput = z
  .object({
    kind: z.literal('xtream'),
    name: Name,
    /** The panel's address, e.g. http://panel.example:8080 (no path, no credentials). */
    serverUrl: z
      .string()
      .trim()
      .max(IPTV_LIMITS.urlMax)
      .regex(/^https?:\/\/[^/@\s]+\/?$/i, 'The server is http(s)://host[:port], without a path or credentials.'),
    username: z.string().min(1).max(IPTV_LIMITS.usernameMax),
    password: z.string().min(1).max(IPTV_LIMITS.passwordMax),
    /** Empty: the panel's own xmltv.php. */
    epg: EpgSources.default([]),
    userAgent: UserAgent.default(null),
    refreshIntervalMinutes: RefreshMinutes.default(24 * 60),
  })
  .strict();

export const ProviderInput = z.discriminatedUnion('kind', [M3uProviderInput, XtreamProviderInput]);
export type ProviderInput = z.infer<typeof ProviderInput>;

/** Every field optional; a password omitted keeps the stored one. */
export const ProviderPatch = z
  .object({
    name: Name.optional(),
    playlist: CatalogSource.optional(),
    serverUrl: XtreamProviderInput.shape.serverUrl.optional(),
    username: XtreamProviderInput.shape.username.optional(),
    password: XtreamProviderInput.shape.password.optional(),
    epg: EpgSources.optional(),
    maxConnections: MaxConnections.optional(),
    userAgent: UserAgent.optional(),
    refreshIntervalMinutes: RefreshMinutes.optional(),
  })
  .strict();
export type ProviderPatch = z.infer<typeof ProviderPatch>;

/** Why a refresh failed, one code per cause, so the UI can explain and translate it. */
export const IptvProblemCode = z.enum([
  'unreachable',
  'private-address',
  'timeout',
  'http-status',
  'html-page',
  'binary',
  'too-large',
  'empty',
  'bad-response',
  'auth-failed',
  'account-expired',
  'account-disabled',
  'epg-xml',
  'file-unreadable',
  'too-many-secrets',
  'credentials-missing',
  'internal',
]);
export type IptvProblemCode = z.infer<typeof IptvProblemCode>;

export const IptvProblem = z.object({ code: IptvProblemCode, message: z.string(), at: IsoUtc });
export type IptvProblem = z.infer<typeof IptvProblem>;

/** Lines of a playlist that were skipped or read leniently (first few shown, all counted). */
export const ImportWarnings = z.object({
  count: z.number().int(),
  examples: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type ImportWarnings = z.infer<typeof ImportWarnings>;

export const AccountStatus = z.object({
  /** The panel's word for it, normalised: `active`, `expired`, `banned`, `disabled`, or `unknown`. */
  status: z.enum(['active', 'expired', 'banned', 'disabled', 'unknown']),
  expiresAt: IsoUtc.nullable(),
  isTrial: z.boolean(),
  activeConnections: z.number().int().nullable(),
  maxConnections: z.number().int().nullable(),
  /** e.g. ["m3u8", "ts"]; lives and previews use m3u8 when it is allowed, else ts. */
  allowedFormats: z.array(z.string()),
  checkedAt: IsoUtc,
});
export type AccountStatus = z.infer<typeof AccountStatus>;

export const TunerUse = z.object({
  purpose: z.enum(['preview', 'live']),
  /** What holds the slot: a live's title, "preview of TF1"… */
  label: z.string(),
  since: IsoUtc,
});
export type TunerUse = z.infer<typeof TunerUse>;

export const ProviderStatus = z.object({
  catalog: z.object({
    state: z.enum(['empty', 'refreshing', 'ready']),
    channelCount: z.number().int(),
    categoryCount: z.number().int(),
    refreshedAt: IsoUtc.nullable(),
    nextRefreshAt: IsoUtc.nullable(),
    /** The last attempt's failure; the previous catalog stays in use meanwhile. */
    lastError: IptvProblem.nullable(),
    warnings: ImportWarnings,
  }),
  epg: z.object({
    state: z.enum(['none', 'refreshing', 'ready']),
    programmeCount: z.number().int(),
    refreshedAt: IsoUtc.nullable(),
    lastError: IptvProblem.nullable(),
  }),
  /** Xtream panels only: the account as the panel last described it. */
  account: AccountStatus.nullable(),
  tuners: z.object({ limit: z.number().int().nullable(), inUse: z.array(TunerUse) }),
});
export type ProviderStatus = z.infer<typeof ProviderStatus>;

export const Provider = z.object({
  id: Id,
  ownerId: z.string(),
  name: z.string(),
  kind: z.enum(['m3u', 'xtream']),
  /** The playlist URL (credentials masked), its file path, or the Xtream server. */
  source: z.string(),
  username: z.string().nullable(),
  /** EPG sources set by hand (masked); empty: the playlist's own links or the panel's xmltv.php. */
  epg: z.array(z.string()),
  userAgent: z.string().nullable(),
  /** M3U: as set. Xtream: the panel's max_connections. */
  maxConnections: z.number().int().nullable(),
  refreshIntervalMinutes: z.number().int(),
  createdAt: IsoUtc,
  status: ProviderStatus,
});
export type Provider = z.infer<typeof Provider>;

export const ProgrammeBrief = z.object({ title: z.string(), start: IsoUtc, stop: IsoUtc });
export type ProgrammeBrief = z.infer<typeof ProgrammeBrief>;

export const Programme = ProgrammeBrief.extend({
  subtitle: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
});
export type Programme = z.infer<typeof Programme>;

export const Channel = z.object({
  /** Stable across refreshes (favourites and lives keep pointing at it). */
  id: Id,
  providerId: Id,
  name: z.string(),
  number: z.number().int().nullable(),
  logo: z.string().nullable(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  tvgId: z.string().nullable(),
  /** `hls` or `ts` when known from the stream's address; how a preview will play it. */
  format: z.enum(['hls', 'ts', 'unknown']),
  catchupDays: z.number().int().nullable(),
  favourite: z.boolean(),
  /** Its category is hidden by this user. */
  hidden: z.boolean(),
  watchedAt: IsoUtc.nullable(),
  now: ProgrammeBrief.nullable(),
  next: ProgrammeBrief.nullable(),
  /** Search results: where the words were found (a programme title names the programme). */
  match: z.object({ field: z.enum(['name', 'category', 'programme']), programme: ProgrammeBrief.nullable() }).nullable(),
});
export type Channel = z.infer<typeof Channel>;

export const Category = z.object({
  id: z.string(),
  name: z.string(),
  channelCount: z.number().int(),
  hidden: z.boolean(),
});
export type Category = z.infer<typeof Category>;

/** Opaque; valid for the catalog it was given for (a refresh asks the client to start again). */
const Cursor = z.string().max(512).nullable().default(null);
const Limit = z.number().int().min(1).max(IPTV_LIMITS.pageMax).default(100);

function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    /** Only on the first page (no cursor): how many there are in all, for a scrollbar. */
    total: z.number().int().nullable(),
  });
}

export const ChannelView = z.enum(['all', 'favourites', 'recent', 'hidden']);
export type ChannelView = z.infer<typeof ChannelView>;

export const ListChannelsInput = z
  .object({
    providerId: Id,
    /** all: every channel not in a hidden category; hidden: only those; recent: last watched first. */
    view: ChannelView.default('all'),
    categoryId: z.string().max(128).nullable().default(null),
    /** Substring, accent- and case-insensitive, over names, categories and EPG titles. */
    query: z.string().trim().max(IPTV_LIMITS.queryMax).default(''),
    cursor: Cursor,
    /**
     * Rows to skip before the page (after the cursor's row when there is one): a list that jumps
     * to row 80,000 asks for the page there instead of every page before it. The page's
     * `nextCursor` goes on from its last row.
     */
    offset: z.number().int().min(0).max(IPTV_LIMITS.offsetMax).default(0),
    limit: Limit,
  })
  .strict();
export type ListChannelsInput = z.infer<typeof ListChannelsInput>;

const ProviderRef = z.object({ providerId: Id }).strict();

/** A channel playing in the app: the engine reads it (credentials, headers) and serves it as HLS on loopback. */
export const ChannelPreview = z.object({
  previewId: Id,
  providerId: Id,
  channelId: Id,
  channelName: z.string(),
  /** `http://127.0.0.1:<port>/iptv/preview/<id>/index.m3u8`, for hls.js; it stops when nobody has read it for a while. */
  url: z.string(),
});
export type ChannelPreview = z.infer<typeof ChannelPreview>;

export const iptvMethods = {
  'iptv.listProviders': method({
    summary: "IPTV providers, oldest first (the caller's own; every provider for an admin).",
    input: z.object({ cursor: Cursor, limit: Limit }).strict().optional(),
    output: pageOf(Provider),
  }),
  'iptv.getProvider': method({ summary: 'One provider and its status.', input: ProviderRef, output: Provider }),
  'iptv.addProvider': method({
    summary: 'Add an M3U or Xtream provider; credentials go to the secret store; its first refresh starts.',
    input: ProviderInput,
    output: Provider,
  }),
  'iptv.updateProvider': method({
    summary: "Change a provider's settings; a new source or login refreshes it.",
    input: z.object({ providerId: Id, patch: ProviderPatch }).strict(),
    output: Provider,
  }),
  'iptv.deleteProvider': method({
    summary: 'Delete a provider, its catalog, EPG, favourites and stored credentials.',
    input: ProviderRef,
    output: z.object({ providerId: Id }),
  }),
  'iptv.refreshProvider': method({
    summary: 'Start refreshing the channels and EPG now; iptv.providerUpdated reports the outcome.',
    input: ProviderRef,
    output: Provider,
  }),
  'iptv.listCategories': method({
    summary: "A provider's categories in its own order, with channel counts and hidden flags.",
    input: z.object({ providerId: Id, cursor: Cursor, limit: Limit }).strict(),
    output: pageOf(Category),
  }),
  'iptv.listChannels': method({
    summary: 'A page of channels (browse, category, search, favourites, recent, hidden) with now/next.',
    input: ListChannelsInput,
    output: pageOf(Channel),
  }),
  'iptv.channelGuide': method({
    summary: "One channel's programmes from the EPG (the panel's short EPG when the XMLTV has none).",
    input: z
      .object({
        providerId: Id,
        channelId: Id,
        from: IsoUtc.optional(),
        limit: z.number().int().min(1).max(200).default(24),
      })
      .strict(),
    output: z.object({
      channel: Channel,
      programmes: z.array(Programme),
      source: z.enum(['xmltv', 'xtream-short-epg', 'none']),
    }),
  }),
  'iptv.setFavourite': method({
    summary: 'Mark or unmark a channel as a favourite (per user; survives refreshes).',
    input: z.object({ providerId: Id, channelId: Id, favourite: z.boolean() }).strict(),
    output: z.object({ channelId: Id, favourite: z.boolean() }),
  }),
  'iptv.startPreview': method({
    summary:
      "Play a channel in the app: takes one of the provider's connections and serves the channel as HLS on loopback until stopped or unwatched (the caller's previous preview stops).",
    input: z.object({ providerId: Id, channelId: Id }).strict(),
    output: ChannelPreview,
  }),
  'iptv.stopPreview': method({
    summary: "Stop a channel preview and free its provider's connection.",
    input: z.object({ previewId: Id }).strict(),
    output: z.object({ previewId: Id }),
  }),
  'iptv.logoBase': method({
    summary:
      'Where channel logos are served (the engine fetches them, so the renderer never contacts a provider): append /<providerId>/<channelId>.',
    input: z.object({}).strict().optional(),
    output: z.object({ url: z.string().nullable() }),
  }),
  'iptv.setCategoryHidden': method({
    summary: "Hide or show a category's channels in the caller's lists and searches.",
    input: z.object({ providerId: Id, categoryId: z.string().min(1).max(128), hidden: z.boolean() }).strict(),
    output: z.object({ categoryId: z.string(), hidden: z.boolean() }),
  }),
};

export const iptvEvents = {
  'iptv.providerUpdated': event({
    summary: "A provider's settings or status changed (refresh started or ended, account checked, tuner taken).",
    payload: Provider,
  }),
  'iptv.providerDeleted': event({
    summary: 'A provider was deleted.',
    payload: z.object({ providerId: Id, ownerId: z.string() }),
  }),
};
