import { verifyViewerToken, type TokenCheck, type TokenKeys, type ViewerToken } from './viewer-tokens';

/** Distinct tokens remembered at most (200 viewers each renewing a play token every few minutes fit many times over). */
const MAX_ENTRIES = 20_000;

interface Entry {
  readonly token: ViewerToken;
  /** The key that verified it: a rotation that drops it (or a reload) forgets the token. */
  readonly key: Buffer;
  readonly kid: string;
}

/**
 * Signature checks remembered until the token expires: a player asks with the same token for the
 * playlist and every segment (one HMAC each, most of a segment request's CPU under 200 viewers).
 * Only successes are kept; a hit checks the expiry again and that the signing key is still held
 * (the same key object), so a dropped key refuses at once. The link's own state (revoked, expired
 * early) is not cached here: the access gate checks it on every request.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, Entry>();
  /** Signature checks actually computed (tests and the bench compare it with requests). */
  computed = 0;

  constructor(
    private readonly keys: TokenKeys,
    private readonly verify: typeof verifyViewerToken = verifyViewerToken,
  ) {}

  check(text: string, now: number): TokenCheck {
    const hit = this.#entries.get(text);
    if (hit) {
      if (hit.token.expiresAt > now && this.keys.byId(hit.kid) === hit.key) return { ok: true, token: hit.token };
      this.#entries.delete(text);
    }
    this.computed++;
    const checked = this.verify(text, this.keys, now);
    if (checked.ok) {
      const kid = text.split('.')[6] ?? '';
      const key = this.keys.byId(kid);
      if (key) {
        if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
        this.#entries.set(text, { token: checked.token, key, kid });
      }
    }
    return checked;
  }
}
