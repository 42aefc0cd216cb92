import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a viewer presents. A LINK token is what people are given (`/watch/salon?t=…`, a player's
 * playlist address): it names a link, which can be revoked at once. A PLAY token is what the
 * watch page uses for the playlist and segments it loads: minutes long, naming the link it came
 * from (or none on an open output) and a viewer, so copying it out of the page gives nothing durable.
 */
export type ViewerToken =
  | { readonly kind: 'link'; readonly outputId: string; readonly linkId: string; readonly expiresAt: number }
  | {
      readonly kind: 'play';
      readonly outputId: string;
      readonly linkId: string | null;
      readonly viewerId: string;
      readonly expiresAt: number;
    }
  /** The chat's (issue 15): a chatter in the output's room, through the link it came by (null: staff, an open output). */
  | {
      readonly kind: 'chat';
      readonly outputId: string;
      readonly linkId: string | null;
      readonly viewerId: string;
      readonly expiresAt: number;
    };

export type TokenCheck =
  | { readonly ok: true; readonly token: ViewerToken }
  | { readonly ok: false; readonly problem: 'malformed' | 'forged' | 'expired' };

/** The key that signs, by its id; verifying also accepts the previous key until it is dropped. */
export interface TokenKeys {
  current(): { readonly kid: string; readonly key: Buffer };
  byId(kid: string): Buffer | undefined;
}

const VERSION = 'v1';
/** 128 bits of HMAC-SHA256: far beyond guessing, and a shorter link. */
const MAC_BYTES = 16;
const PART = /^[A-Za-z0-9_-]{1,64}$/;

const KIND_LETTER = { link: 'L', play: 'P', chat: 'C' } as const;

/** `v1.<L|P|C>.<outputId>.<linkId|->.<viewerId|->.<expiry, seconds, base 36>.<kid>.<mac>`: URL-safe as it is. */
export function signViewerToken(token: ViewerToken, keys: TokenKeys): string {
  const { kid, key } = keys.current();
  const linkId = token.linkId ?? '-';
  const viewerId = token.kind === 'link' ? '-' : token.viewerId;
  const body = [VERSION, KIND_LETTER[token.kind], token.outputId, linkId, viewerId, expiry(token.expiresAt), kid];
  for (const part of body) if (!PART.test(part)) throw new Error('A viewer token part is not URL-safe.');
  const payload = body.join('.');
  return `${payload}.${mac(key, payload)}`;
}

/** Checks the signature first (a forged token learns nothing more), then the expiry against `now` (ms). */
export function verifyViewerToken(text: string, keys: TokenKeys, now: number): TokenCheck {
  if (text.length > 400) return { ok: false, problem: 'malformed' };
  const parts = text.split('.');
  if (parts.length !== 8 || parts[0] !== VERSION || !parts.every((p) => PART.test(p))) return { ok: false, problem: 'malformed' };
  const [, kind, outputId = '', linkId = '', viewerId = '', exp = '', kid = '', given = ''] = parts;
  const key = keys.byId(kid);
  if (!key) return { ok: false, problem: 'forged' };
  const expected = Buffer.from(mac(key, parts.slice(0, 7).join('.')), 'base64url');
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, problem: 'forged' };
  const expiresAt = parseInt(exp, 36) * 1000;
  if (!Number.isFinite(expiresAt) || expiresAt <= now) return { ok: false, problem: 'expired' };
  if (kind === 'L' && linkId !== '-' && viewerId === '-')
    return { ok: true, token: { kind: 'link', outputId, linkId, expiresAt } };
  if ((kind === 'P' || kind === 'C') && viewerId !== '-') {
    const tokenKind = kind === 'P' ? 'play' : 'chat';
    return { ok: true, token: { kind: tokenKind, outputId, linkId: linkId === '-' ? null : linkId, viewerId, expiresAt } };
  }
  return { ok: false, problem: 'malformed' };
}

function expiry(ms: number): string {
  return Math.floor(ms / 1000).toString(36);
}

function mac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES).toString('base64url');
}
