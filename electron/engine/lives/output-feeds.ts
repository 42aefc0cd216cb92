/**
 * What the lives domain asks of the outputs domain (electron/engine/outputs/) about a
 * `public-output` destination, through the port the outputs module exports.
 */
export interface OutputFeeds {
  /** Why a live owned by `ownerId` may not feed output `outputId` (it does not exist, it is someone else's), or null. */
  refusal(ownerId: string, outputId: string): string | null;
}

/** An engine built without the outputs domain: no destination may name an output. */
export const NO_OUTPUT_FEEDS: OutputFeeds = { refusal: () => 'This engine has no public outputs.' };
