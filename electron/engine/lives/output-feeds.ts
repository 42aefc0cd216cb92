import type { OutputFeeds } from '../outputs/outputs-port';
import type { PortReader } from '../ports';

export type { OutputFeeds } from '../outputs/outputs-port';

/** An engine built without the outputs domain: no destination may name an output. */
export const NO_OUTPUT_FEEDS: OutputFeeds = { refusal: () => 'This engine has no public outputs.' };

/**
 * What the lives domain asks of the outputs domain about a `public-output` destination, through
 * its port; read when asked (the outputs module is built after the lives module).
 */
export function outputFeedsOf(ports: PortReader): () => OutputFeeds {
  return () => ports.find('outputs')?.feeds ?? NO_OUTPUT_FEEDS;
}
