import type { RestreamPlan } from './encoding';
import { hlsMuxerArgs } from './output-args';
import { buildDirectStageArgs } from './stage-args';

/**
 * An IPTV channel's preview in the app: the picture as it is (no video encode: a preview must
 * not cost a core) and the sound as AAC, which every browser decodes (channels often carry MP2
 * or AC-3). One player plays every channel: the engine remuxes both HLS and MPEG-TS channels to
 * HLS, so the renderer needs hls.js only, never mpegts.js as well.
 */
export const CHANNEL_PREVIEW_PLAN: RestreamPlan = Object.freeze({
  video: { action: 'copy' },
  audio: { action: 'encode', encode: { bitrateK: 128 } },
  reasons: [],
}) as RestreamPlan;

export interface ChannelPreviewInput {
  /** The channel's address as the IPTV domain resolved it (engine-only: credentials in clear). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ChannelPreviewOutput {
  /** The preview's own folder (dataDir/iptv-preview/<id>). */
  readonly dir: string;
  /** Segment file names start with it. */
  readonly name: string;
}

/** FFmpeg's arguments (after the runner's global ones) for one channel preview written as HLS. */
export function buildChannelPreviewArgs(input: ChannelPreviewInput, output: ChannelPreviewOutput): string[] {
  return buildDirectStageArgs(
    { kind: 'url', url: input.url, headers: input.headers },
    CHANNEL_PREVIEW_PLAN,
    // A short window: the preview is watched live, never rewound.
    hlsMuxerArgs({ dir: output.dir, liveId: output.name, segmentSec: 2, listSize: 5 }),
  );
}
