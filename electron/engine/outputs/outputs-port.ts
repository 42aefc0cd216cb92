import type { Refusal } from '@shared/outputs/watch-text';

/**
 * What the outputs domain asks itself on behalf of the lives domain about a `public-output`
 * destination: may this live feed that output?
 */
export interface OutputFeeds {
  /** Why a live owned by `ownerId` may not feed output `outputId` (it does not exist, it is someone else's), or null. */
  refusal(ownerId: string, outputId: string): string | null;
}

/** What a viewer token (a link's, or a watch page's play token) lets in now. */
export interface VerifiedViewer {
  readonly outputId: string;
  /** Null on an open output's play token. */
  readonly linkId: string | null;
  /** Set for a watch page's play token: one page load. */
  readonly viewerId: string | null;
}

/** What a chat token proves: a chatter of this output's room, through this link (null: staff or an open output). */
export interface VerifiedChatter {
  readonly outputId: string;
  readonly linkId: string | null;
  readonly chatterId: string;
  readonly expiresAt: number;
}

/** What the outputs domain offers the others (`deps.ports.get('outputs')`). */
export interface OutputsPort {
  /** The lives domain asks it before a live may feed an output (at save, and again at start). */
  readonly feeds: OutputFeeds;
  /**
   * Who a viewer token lets in now; null when forged, expired, revoked or its output is gone.
   * For the chat (issue 15) and anything else beside the watch page.
   */
  verifyViewerToken(token: string): VerifiedViewer | null;
  /** The same, saying why a token is refused (the chat tells its viewers). */
  checkViewerToken(token: string): VerifiedViewer | { readonly refusal: Refusal };
  /** Signs a chat token with the viewer tokens' keys (one HMAC code for both): see viewer-tokens.ts. */
  chatToken(outputId: string, linkId: string | null, chatterId: string, lifetimeMs: number): string;
  verifyChatToken(token: string): VerifiedChatter | { readonly refusal: Refusal };
  /** The output's owner, title and address name, or null when it does not exist. */
  outputInfo(outputId: string): { readonly ownerId: string; readonly title: string; readonly slug: string } | null;
}
