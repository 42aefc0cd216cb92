import { videoFilters, type RestreamPlan } from './encoding';
import type { SourceSpec } from './source-args';

/**
 * A value inside a filter option inside a filter graph, escaped at both levels FFmpeg parses
 * ("Notes on filtergraph escaping"): first the option value (`\`, `'`, `:`), then the graph
 * (`\`, `'`, `[`, `]`, `,`, `;`). A file name with quotes, brackets or colons stays one value.
 */
export function filterGraphValue(value: string): string {
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** What the stage uses instead of `-map 0:v:0?` and `-vf` when a subtitle track is burnt in. */
export interface BurnInGraph {
  /** `-filter_complex <graph>`, before the `-map`s. */
  readonly args: string[];
  /** `[vout]`: the picture with the subtitles (and the encode's own filters). */
  readonly videoMap: string;
}

/**
 * The filter graph burning a file's subtitle track into its video, followed by the encode's own
 * filters (fit and frame rate), or null when nothing is burnt in. Text tracks are drawn by
 * libass (`subtitles`, which reads the file itself: its clock is shifted by the resume point so
 * the lines stay in time after a restart); image tracks are overlaid from the same input.
 */
export function burnInGraph(source: SourceSpec, plan: RestreamPlan, startAtSec = 0): BurnInGraph | null {
  if (source.kind !== 'file' || !source.burnIn || plan.video.action !== 'encode') return null;
  const { position, kind } = source.burnIn;
  const after = videoFilters(plan.video.encode);
  let chain: string;
  if (kind === 'text') {
    const shift = startAtSec > 0 ? seconds(startAtSec) : null;
    const draw = `subtitles=filename=${filterGraphValue(source.path)}:si=${position}`;
    chain = `[0:v:0]${shift ? `setpts=PTS+${shift}/TB,${draw},setpts=PTS-${shift}/TB` : draw}`;
  } else {
    chain = `[0:v:0][0:s:${position}]overlay=eof_action=pass`;
  }
  const graph = `${[chain, ...after].join(',')}[vout]`;
  return { args: ['-filter_complex', graph], videoMap: '[vout]' };
}

function seconds(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}
