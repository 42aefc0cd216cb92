import { CREDENTIAL_QUERY_PARAMS } from '@shared/format/url-credentials';
import { IptvFailure } from '../iptv-failure';

/**
 * Channel URLs are stored as templates: every credential in them (user:password@, Xtream's
 * /live/<user>/<password>/, token= and password= parameters, the provider's own login wherever
 * it appears) becomes a numbered placeholder, and the values go to the SecretStore as one small
 * dictionary per catalog. The database never holds a usable credential; the engine rebuilds a
 * URL only when it plays the channel.
 *
 * Placeholders use two private-use characters, which a URL never contains unencoded (any that
 * does is percent-encoded first, which means the same to a server).
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** A catalog with more distinct secrets than this is refused: per-channel signed URLs expire anyway. */
export const MAX_SECRETS = 256;

const SECRET_PARAMS = new Set(CREDENTIAL_QUERY_PARAMS);
const SECRET_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization', 'x-api-key', 'x-auth-token']);

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i;
const XTREAM_PATH = /^([a-z]+:\/\/[^/?#]+\/(?:live|movie|series|timeshift)\/)([^/?#]+)\/([^/?#]+)\//i;
const XTREAM_SHORT = /^([a-z]+:\/\/[^/?#]+\/)([^/?#]+)\/([^/?#]+)\/(\d+(?:\.[a-z0-9]{1,5})?)$/i;

export class SecretDictionary {
  readonly #values: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #known: readonly string[];
  /** Templated address prefixes, by the raw prefix and the shape of what follows it. */
  readonly #prefixes = new Map<string, string>();

  /** `known`: values to take out wherever they appear (the provider's own login). */
  constructor(known: readonly string[] = []) {
    this.#known = [...new Set(known.filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
  }

  /** The values given to the constructor, longest first. */
  get known(): readonly string[] {
    return this.#known;
  }

  get values(): readonly string[] {
    return this.#values;
  }

  placeholder(value: string): string {
    let index = this.#index.get(value);
    if (index === undefined) {
      if (this.#values.length >= MAX_SECRETS) {
        throw new IptvFailure(
          'too-many-secrets',
          `The channel URLs carry more than ${MAX_SECRETS} different credentials (a different token per channel); LiveManager cannot keep them as secrets. Use the provider's Xtream login or a playlist with one login.`,
        );
      }
      index = this.#values.length;
      this.#values.push(value);
      this.#index.set(value, index);
    }
    return `${OPEN}${index}${CLOSE}`;
  }

  /**
   * A URL with its credentials replaced by placeholders. The channels of a playlist share their
   * address up to the last `/` (`http://host/live/<user>/<pass>/`): a plain URL (no query, no
   * userinfo) whose prefix was already templated reuses it, so 100,000 URLs cost a few regular
   * expressions each, not six.
   */
  templateUrl(raw: string): string {
    const slash = raw.lastIndexOf('/');
    const plain = slash > 0 && !/[?;#@\uE000\uE001]/.test(raw);
    const tail = plain ? raw.slice(slash + 1) : '';
    const cacheKey = plain ? `${/^\d+(?:\.[a-z0-9]{1,5})?$/i.test(tail) ? 'id' : 'name'}\u0000${raw.slice(0, slash)}` : '';
    const cached = plain ? this.#prefixes.get(cacheKey) : undefined;
    if (cached !== undefined && !this.#known.some((k) => tail.includes(k))) return `${cached}/${tail}`;
    const url = this.#templateWhole(raw);
    if (plain && url.endsWith(`/${tail}`) && this.#prefixes.size < 10_000) {
      this.#prefixes.set(cacheKey, url.slice(0, url.length - tail.length - 1));
    }
    return url;
  }

  #templateWhole(raw: string): string {
    let url = raw.includes(OPEN) || raw.includes(CLOSE) ? raw.replaceAll(OPEN, '%EE%80%80').replaceAll(CLOSE, '%EE%80%81') : raw;
    // Cheap tests before each regular expression: 100,000 URLs go through here on every refresh.
    if (url.includes('@')) {
      url = url.replace(USERINFO, (_m, scheme: string, info: string) => {
        const colon = info.indexOf(':');
        if (colon === -1) return `${scheme}${this.#secret(info)}@`;
        return `${scheme}${this.#secret(info.slice(0, colon))}:${this.#secret(info.slice(colon + 1))}@`;
      });
    }
    url = url.replace(
      XTREAM_PATH,
      (_m, prefix: string, user: string, pass: string) => `${prefix}${this.#secret(user)}/${this.#secret(pass)}/`,
    );
    url = url.replace(
      XTREAM_SHORT,
      (_m, prefix: string, user: string, pass: string, id: string) =>
        `${prefix}${this.#secret(user)}/${this.#secret(pass)}/${id}`,
    );
    if (url.includes('?') || url.includes(';')) {
      url = url.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (match, sep: string, name: string, value: string) =>
        SECRET_PARAMS.has(name.toLowerCase()) && value !== '' ? `${sep}${name}=${this.#secret(value)}` : match,
      );
    }
    return this.#known.length === 0 ? url : this.#knownOut(url);
  }

  /** A header value; credentials-bearing headers are kept whole as one secret. */
  templateHeader(name: string, value: string): string {
    return SECRET_HEADERS.has(name) ? this.placeholder(value) : this.#knownOut(value);
  }

  #secret(value: string): string {
    return value === '' || value.includes(OPEN) ? value : this.placeholder(value);
  }

  #knownOut(text: string): string {
    let out = text;
    for (const value of this.#known) {
      if (out.includes(value)) out = out.split(value).join(this.placeholder(value));
    }
    return out;
  }
}

/** A stored template with its secrets put back; throws when the dictionary lacks one. */
export function fillTemplate(template: string, values: readonly string[]): string {
  return template.replace(PLACEHOLDER, (_m, index: string) => {
    const value = values[Number(index)];
    if (value === undefined)
      throw new IptvFailure('credentials-missing', 'A stored credential of this provider is missing; refresh it.');
    return value;
  });
}

/** Whether a stored value still needs secrets to be usable. */
export function hasPlaceholders(template: string): boolean {
  return template.includes(OPEN);
}

/** Credentials in the provider's own playlist URL, taken out of its channel URLs too. */
export function credentialsInUrl(raw: string): string[] {
  const found: string[] = [];
  try {
    const url = new URL(raw);
    if (url.username) found.push(decodeURIComponent(url.username));
    if (url.password) found.push(decodeURIComponent(url.password));
    for (const [name, value] of url.searchParams) if (SECRET_PARAMS.has(name.toLowerCase()) && value) found.push(value);
  } catch {
    // Not a URL: nothing to find.
  }
  return found;
}
