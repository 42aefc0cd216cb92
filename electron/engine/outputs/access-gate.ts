import type { Refusal } from '@shared/outputs/watch-text';
import type { FailureLimiter } from './failure-limiter';
import type { LinkRecord } from './link-store';
import type { OutputRecord } from './output-store';
import { linkScope, type ViewerPresence } from './viewer-presence';
import { VerifiedTokens } from './token-cache';
import type { TokenKeys, ViewerToken } from './viewer-tokens';

export type Admission =
  | { readonly ok: true; readonly linkId: string | null; readonly viewer: string; readonly token: ViewerToken | null }
  | { readonly ok: false; readonly refusal: Refusal; readonly retryAfterSec?: number };

export interface AccessGateDeps {
  readonly keys: TokenKeys;
  readonly link: (id: string) => LinkRecord | undefined;
  readonly limiter: FailureLimiter;
  readonly presence: ViewerPresence;
  readonly now: () => number;
  /** A viewer started watching through a link (its views so far go up). */
  readonly onView: (linkId: string) => void;
}

/**
 * The one check every viewer request goes through (playlist, segment, watch page, M3U): the
 * address is not rate-limited, the token is signed by a key we hold, unexpired, for THIS output,
 * its link exists and was not revoked, and the link has room for one more viewer. Every refusal
 * but a full link counts against the address (failure-limiter.ts).
 */
export class AccessGate {
  readonly tokens: VerifiedTokens;

  constructor(private readonly deps: AccessGateDeps) {
    this.tokens = new VerifiedTokens(deps.keys);
  }

  /** `count`: a media request, which makes its sender a viewer (the watch page's own HTML does not). */
  admit(output: OutputRecord, tokenText: string | null, ip: string, count: boolean): Admission {
    const wait = this.deps.limiter.blockedFor(ip);
    if (wait > 0) return { ok: false, refusal: 'limited', retryAfterSec: Math.ceil(wait / 1000) };
    let token: ViewerToken | null = null;
    if (tokenText === null || tokenText === '') {
      if (output.access !== 'open') return this.#fail(ip, 'missing');
    } else {
      const checked = this.checkToken(tokenText);
      if (!checked.ok) return this.#fail(ip, checked.refusal);
      token = checked.token;
      // A chat token opens the chat, not the media.
      if (token.outputId !== output.id || token.kind === 'chat') return this.#fail(ip, 'forged');
      // A play token of an open output stops working when the output is closed to links only.
      if (token.linkId === null && output.access !== 'open') return this.#fail(ip, 'revoked');
    }
    const linkId = token?.linkId ?? null;
    const viewer = token?.kind === 'play' ? `v:${token.viewerId}` : `ip:${ip}`;
    if (!count) return { ok: true, linkId, viewer, token };
    const max = linkId ? (this.deps.link(linkId)?.maxViewers ?? null) : null;
    const presence = this.deps.presence.admit(linkScope(linkId, output.id), output.id, viewer, max);
    if (!presence.admitted) return { ok: false, refusal: 'full' };
    if (presence.fresh && linkId) this.deps.onView(linkId);
    return { ok: true, linkId, viewer, token };
  }

  /**
   * A channel list (M3U, XMLTV) asked with a link's token: the link's output is added to the open
   * ones. Rate-limited like media; a play token (made for one page) is not accepted here.
   */
  admitList(
    tokenText: string | null,
    ip: string,
  ): { ok: true; outputId: string | null; token: string | null } | Exclude<Admission, { ok: true }> {
    const wait = this.deps.limiter.blockedFor(ip);
    if (wait > 0) return { ok: false, refusal: 'limited', retryAfterSec: Math.ceil(wait / 1000) };
    if (tokenText === null || tokenText === '') return { ok: true, outputId: null, token: null };
    const checked = this.checkToken(tokenText);
    if (!checked.ok) return this.#fail(ip, checked.refusal) as Exclude<Admission, { ok: true }>;
    if (checked.token.kind !== 'link') return this.#fail(ip, 'forged') as Exclude<Admission, { ok: true }>;
    return { ok: true, outputId: checked.token.outputId, token: tokenText };
  }

  /** Signature, expiry and the link's own state; not the output (callers compare it). */
  checkToken(text: string): { ok: true; token: ViewerToken } | { ok: false; refusal: Refusal } {
    const now = this.deps.now();
    const verified = this.tokens.check(text, now);
    if (!verified.ok) return { ok: false, refusal: verified.problem === 'expired' ? 'expired' : 'forged' };
    const { token } = verified;
    if (token.linkId === null) return { ok: true, token };
    const link = this.deps.link(token.linkId);
    if (!link || link.revokedAt !== null) return { ok: false, refusal: 'revoked' };
    if (link.outputId !== token.outputId) return { ok: false, refusal: 'forged' };
    if (link.expiresAt <= now) return { ok: false, refusal: 'expired' };
    return { ok: true, token };
  }

  #fail(ip: string, refusal: Refusal): Admission {
    this.deps.limiter.recordFailure(ip);
    return { ok: false, refusal };
  }
}
