import type { CatalogSource, Provider, ProviderInput, ProviderPatch } from '@shared/contract/iptv';

/** The provider dialog's fields, as typed. */
export interface ProviderForm {
  kind: 'm3u' | 'xtream';
  name: string;
  /** M3U: a playlist URL, or an absolute path on the engine's machine. */
  playlist: string;
  serverUrl: string;
  username: string;
  /** Empty on edit keeps the stored password (it is never shown). */
  password: string;
  /** One EPG URL or path a line; empty: the playlist's own or the panel's xmltv.php. */
  epg: string;
  /** M3U only; empty: no limit. */
  maxConnections: string;
  /** Empty: the VLC-like default panels expect. */
  userAgent: string;
  refreshHours: string;
}

export function emptyProviderForm(): ProviderForm {
  return {
    kind: 'xtream',
    name: '',
    playlist: '',
    serverUrl: '',
    username: '',
    password: '',
    epg: '',
    maxConnections: '',
    userAgent: '',
    refreshHours: '24',
  };
}

/** A saved provider back into the form (secrets stay in the engine: the password is left empty). */
export function formOfProvider(provider: Provider): ProviderForm {
  return {
    kind: provider.kind,
    name: provider.name,
    playlist: provider.kind === 'm3u' ? provider.source : '',
    serverUrl: provider.kind === 'xtream' ? provider.source : '',
    username: provider.username ?? '',
    password: '',
    epg: provider.epg.join('\n'),
    maxConnections: provider.kind === 'm3u' && provider.maxConnections !== null ? String(provider.maxConnections) : '',
    userAgent: provider.userAgent ?? '',
    refreshHours: String(Math.round((provider.refreshIntervalMinutes / 60) * 100) / 100),
  };
}

/** A playlist or guide as typed: an absolute path is a file on the engine's machine, anything else a URL. */
export function catalogSourceOf(text: string): CatalogSource {
  const value = text.trim();
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value) ? { file: value } : { url: value };
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
/** Numbers as typed; a broken one becomes NaN and the engine names the field. */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
const minutesOf = (hours: string): number => Math.round(numberOf(hours) * 60);

export function providerInputOf(form: ProviderForm): ProviderInput {
  const common = {
    name: form.name,
    epg: lines(form.epg).map(catalogSourceOf),
    userAgent: form.userAgent.trim() === '' ? null : form.userAgent.trim(),
    refreshIntervalMinutes: minutesOf(form.refreshHours),
  };
  if (form.kind === 'm3u') {
    return {
      kind: 'm3u',
      ...common,
      playlist: catalogSourceOf(form.playlist),
      maxConnections: form.maxConnections.trim() === '' ? null : numberOf(form.maxConnections),
    };
  }
  return { kind: 'xtream', ...common, serverUrl: form.serverUrl.trim(), username: form.username, password: form.password };
}

/**
 * Only what changed: the stored playlist and EPG addresses come back masked, so sending them
 * unchanged would replace the real ones with their masks; an empty password keeps the stored one.
 */
export function providerPatchOf(form: ProviderForm, initial: ProviderForm): ProviderPatch {
  const input = providerInputOf(form);
  const patch: ProviderPatch = {};
  if (form.name !== initial.name) patch.name = form.name;
  if (form.epg.trim() !== initial.epg.trim()) patch.epg = input.epg;
  if (form.userAgent.trim() !== initial.userAgent.trim()) patch.userAgent = input.userAgent;
  if (form.refreshHours.trim() !== initial.refreshHours.trim()) patch.refreshIntervalMinutes = input.refreshIntervalMinutes;
  if (input.kind === 'm3u') {
    if (form.playlist.trim() !== initial.playlist.trim()) patch.playlist = input.playlist;
    if (form.maxConnections.trim() !== initial.maxConnections.trim()) patch.maxConnections = input.maxConnections;
  } else {
    if (form.serverUrl.trim() !== initial.serverUrl.trim()) patch.serverUrl = input.serverUrl;
    if (form.username !== initial.username) patch.username = input.username;
    if (form.password !== '') patch.password = input.password;
  }
  return patch;
}
