/**
 * The audience side: named public outputs (a fixed playlist address any live can feed), the
 * signed links that let people watch them, and where the engine's public listener answers.
 */
import { z } from 'zod';
import { hasControlCharacter } from '../format/control-characters';
import { event, method } from './define';
import { Id, IsoUtc } from './live-fields';

export const OUTPUT_LIMITS = Object.freeze({
  titleMax: 80,
  slugMax: 40,
  groupMax: 60,
  labelMax: 80,
  urlMax: 2048,
  outputsMax: 50,
  linksPerOutputMax: 500,
  viewersMax: 100_000,
});

/** How long a link lasts: 24 hours unless chosen, from 1 hour to 30 days. */
export const LINK_EXPIRY = Object.freeze({ defaultHours: 24, minHours: 1, maxHours: 30 * 24 });

/** Ports the public listener may take (no privileged port: the app does not run as root). */
export const SHARING_PORTS = Object.freeze({ min: 1024, max: 65_535, default: 8089 });

/** `salon` in `/o/salon/live.m3u8` and `/watch/salon`: never changes once players know it. */
export const OutputSlug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'An address name uses lower-case letters, digits and dashes (not at either end), 1 to 40 characters, e.g. salon.',
  );

const Title = z
  .string()
  .trim()
  .min(1, 'An output needs a title.')
  .max(OUTPUT_LIMITS.titleMax, `A title is at most ${OUTPUT_LIMITS.titleMax} characters.`)
  .refine((t) => !hasControlCharacter(t), { message: 'The title contains a control character.' });

const Group = z
  .string()
  .trim()
  .min(1, 'A group name cannot be empty.')
  .max(OUTPUT_LIMITS.groupMax, `A group name is at most ${OUTPUT_LIMITS.groupMax} characters.`)
  .refine((t) => !hasControlCharacter(t), { message: 'The group name contains a control character.' });

/** A channel logo for M3U players: an http(s) image address, or none (the engine's own). */
const LogoUrl = z
  .string()
  .max(OUTPUT_LIMITS.urlMax, `A logo address is at most ${OUTPUT_LIMITS.urlMax} characters.`)
  .refine((u) => /^https?:\/\/[^\s/?#]+/i.test(u) && !hasControlCharacter(u) && !/["<>]/.test(u), {
    message: 'A logo address starts with http:// or https:// and names a host.',
  });

/**
 * `links`: only people with a signed link watch (playlist and every segment checked).
 * `open`: anyone who reaches the listener does (a LAN with Jellyfin, which keeps one address forever).
 */
export const OutputAccess = z.enum(['links', 'open']);
export type OutputAccess = z.infer<typeof OutputAccess>;

/** What viewers get now: a live, or the "back soon" slate. */
export const OutputFeed = z.object({
  state: z.enum(['live', 'slate']),
  liveId: Id.nullable(),
  liveTitle: z.string().nullable(),
  since: IsoUtc.nullable(),
});
export type OutputFeed = z.infer<typeof OutputFeed>;

export const Output = z.object({
  id: Id,
  slug: OutputSlug,
  title: z.string(),
  group: z.string(),
  logoUrl: z.string().nullable(),
  access: OutputAccess,
  /** The default output also answers the short address `/live.m3u8`. */
  isDefault: z.boolean(),
  ownerId: z.string(),
  createdAt: IsoUtc,
  updatedAt: IsoUtc,
  feed: OutputFeed,
  /** People watching now (seen in the last 30 seconds). */
  viewers: z.number().int().min(0),
  /** Without a token: null while the public listener is off. An output of `links` needs a link's token added. */
  addresses: z.object({ playlist: z.string().nullable(), watch: z.string().nullable() }),
});
export type Output = z.infer<typeof Output>;

export const LinkState = z.enum(['active', 'expired', 'revoked']);
export type LinkState = z.infer<typeof LinkState>;

export const OutputLink = z.object({
  id: Id,
  outputId: Id,
  label: z.string(),
  createdAt: IsoUtc,
  expiresAt: IsoUtc,
  revokedAt: IsoUtc.nullable(),
  state: LinkState,
  maxViewers: z.number().int().nullable(),
  /** Viewers who opened it so far (a watch page load, or a player's first request from a new address). */
  views: z.number().int().min(0),
  /** Watching now. */
  viewers: z.number().int().min(0),
});
export type OutputLink = z.infer<typeof OutputLink>;

/** A link's addresses with its token: given when it is made or asked for, never in lists or events. */
export const LinkAddresses = z.object({
  watch: z.string(),
  playlist: z.string(),
  m3u: z.string(),
  xmltv: z.string(),
});
export type LinkAddresses = z.infer<typeof LinkAddresses>;

/**
 * Where the public listener answers. `app`: this engine's user turns it on (the desktop's LAN
 * sharing). `host`: fixed by whoever started the engine (the VPS agent's flags, behind Caddy).
 */
export const Sharing = z.object({
  control: z.enum(['app', 'host']),
  enabled: z.boolean(),
  /** The interface it binds (a LAN address, or 127.0.0.1 behind a reverse proxy). */
  address: z.string().nullable(),
  port: z.number().int(),
  /** How viewers reach it (`http://192.168.1.20:8089`, `https://live.example.com`); null while off. */
  url: z.string().nullable(),
  listening: z.boolean(),
  /** Why it is not listening although enabled (port taken, address gone). */
  error: z.string().nullable(),
  /** This machine's LAN addresses, to choose from. */
  lanAddresses: z.array(z.string()),
  /** The short address of the default output and the channel list for players; null while off. */
  addresses: z.object({ live: z.string().nullable(), m3u: z.string().nullable(), xmltv: z.string().nullable() }),
});
export type Sharing = z.infer<typeof Sharing>;

const OutputRef = z.object({ outputId: Id }).strict();
const LinkRef = z.object({ linkId: Id }).strict();

export const OutputFields = z
  .object({
    slug: OutputSlug,
    title: Title,
    group: Group.default('LiveManager'),
    logoUrl: LogoUrl.nullable().default(null),
    access: OutputAccess.default('links'),
  })
  .strict();
export type OutputFieldsInput = z.input<typeof OutputFields>;

export const OutputPatch = z
  .object({
    title: Title.optional(),
    group: Group.optional(),
    logoUrl: LogoUrl.nullable().optional(),
    access: OutputAccess.optional(),
  })
  .strict();

export const LinkFields = z
  .object({
    outputId: Id,
    label: z
      .string()
      .trim()
      .max(OUTPUT_LIMITS.labelMax, `A label is at most ${OUTPUT_LIMITS.labelMax} characters.`)
      .refine((t) => !hasControlCharacter(t), { message: 'The label contains a control character.' })
      .default(''),
    expiresInHours: z
      .number()
      .int('An expiry is a whole number of hours.')
      .min(LINK_EXPIRY.minHours, 'A link lasts at least 1 hour.')
      .max(LINK_EXPIRY.maxHours, 'A link lasts at most 30 days (720 hours).')
      .default(LINK_EXPIRY.defaultHours),
    maxViewers: z
      .number()
      .int('A viewer limit is a whole number.')
      .min(1, 'A viewer limit is at least 1.')
      .max(OUTPUT_LIMITS.viewersMax, `A viewer limit is at most ${OUTPUT_LIMITS.viewersMax}.`)
      .nullable()
      .default(null),
  })
  .strict();
export type LinkFieldsInput = z.input<typeof LinkFields>;

export const SharingInput = z
  .object({
    enabled: z.boolean(),
    port: z
      .number()
      .int('A port is a whole number.')
      .min(SHARING_PORTS.min, `Choose a port from ${SHARING_PORTS.min} to ${SHARING_PORTS.max}.`)
      .max(SHARING_PORTS.max, `Choose a port from ${SHARING_PORTS.min} to ${SHARING_PORTS.max}.`)
      .optional(),
    /** One of `Sharing.lanAddresses`; the first one when absent. */
    address: z.ipv4({ message: 'Choose one of this computer’s LAN addresses.' }).optional(),
  })
  .strict();

export const outputsMethods = {
  'outputs.list': method({
    summary: 'Every public output of this engine, with what feeds it now.',
    input: z.object({}).strict().optional(),
    output: z.object({ items: z.array(Output) }),
  }),
  'outputs.create': method({ summary: 'Create a public output with a fixed address.', input: OutputFields, output: Output }),
  'outputs.update': method({
    summary: 'Change an output’s title, group, logo or access (its address never changes).',
    input: z.object({ outputId: Id, patch: OutputPatch }).strict(),
    output: Output,
  }),
  'outputs.delete': method({
    summary: 'Delete an output and its links. Refused while a running live feeds it.',
    input: OutputRef,
    output: z.object({ outputId: Id }),
  }),
  'outputs.setDefault': method({ summary: 'Make this output answer /live.m3u8.', input: OutputRef, output: Output }),
  'outputs.listLinks': method({
    summary: 'The links of an output, newest first, with their views.',
    input: OutputRef,
    output: z.object({ items: z.array(OutputLink) }),
  }),
  'outputs.createLink': method({
    summary: 'A signed link to watch an output, expiring after the chosen hours.',
    input: LinkFields,
    output: z.object({ link: OutputLink, addresses: LinkAddresses.nullable() }),
  }),
  'outputs.linkAddresses': method({
    summary: 'The addresses of a link with its token, to copy again (null while the public listener is off).',
    input: LinkRef,
    output: z.object({ addresses: LinkAddresses.nullable() }),
  }),
  'outputs.revokeLink': method({ summary: 'Stop a link working, at once.', input: LinkRef, output: OutputLink }),
  'outputs.getSharing': method({
    summary: 'Where the public listener answers.',
    input: z.object({}).strict().optional(),
    output: Sharing,
  }),
  'outputs.setSharing': method({
    summary: 'Turn LAN sharing on or off, on a chosen address and port.',
    input: SharingInput,
    output: Sharing,
  }),
  'outputs.rotateKey': method({
    summary: 'Sign links with a new key. Links signed before keep working unless `dropPrevious`.',
    input: z.object({ dropPrevious: z.boolean().default(false) }).strict(),
    output: z.object({ rotatedAt: IsoUtc }),
  }),
};

export const outputsEvents = {
  'output.updated': event({ summary: 'An output changed (fields, feed, viewers).', payload: Output }),
  'output.deleted': event({ summary: 'An output was deleted.', payload: z.object({ outputId: Id, ownerId: z.string() }) }),
  'output.linkUpdated': event({
    summary: 'A link changed (views, revoked); never carries its token.',
    payload: z.object({ ownerId: z.string(), link: OutputLink }),
  }),
  'outputs.sharing': event({ summary: 'The public listener turned on, off, or failed.', payload: Sharing }),
};
