import type { Verdict } from '../contract/library';
import { planEncoding } from '../ffmpeg/encoding';
import { CONSERVATIVE_LIMITS, PLATFORM_PRESETS } from '../ffmpeg/platforms';
import type { ProbeResult } from '../ffmpeg/probe-result';

/** The platforms judged one by one (the backup ingest takes what the primary does; custom = conservative). */
const JUDGED = PLATFORM_PRESETS.filter((p) => p.id !== 'youtube-backup' && p.id !== 'custom-rtmp');

const GENERIC_RTMP = { label: 'an RTMP server', limits: CONSERVATIVE_LIMITS };

/**
 * Will this file stream to RTMP as it is? Asks `planEncoding` in `auto` mode — the very rules a
 * live applies at start (codecs, then each platform's size, rate, level and bit rate) — for a
 * server we know nothing about, and for each platform preset.
 */
export function verdictOf(probe: ProbeResult): Verdict {
  const plan = planEncoding({ mode: 'auto' }, probe, { destinations: [GENERIC_RTMP] });
  const platforms = JUDGED.map((preset) => {
    const own = planEncoding({ mode: 'auto' }, probe, { destinations: [{ label: preset.label, limits: preset.limits }] });
    return { id: preset.id, label: preset.label, asIs: own.video.action !== 'encode' && own.audio.action !== 'encode' };
  });
  const encoded = [plan.video.action === 'encode' ? 'video' : null, plan.audio.action === 'encode' ? 'audio' : null].filter(
    (s): s is string => s !== null,
  );
  const base = {
    video: plan.video.action,
    audio: plan.audio.action,
    reasons: plan.reasons,
    platforms,
  };
  if (encoded.length === 0) {
    const alone =
      plan.video.action === 'none'
        ? ' (sound only: there is no picture)'
        : plan.audio.action === 'none'
          ? ' (picture only: there is no sound)'
          : '';
    return { ...base, kind: 'asIs', summary: `Streams to RTMP as it is, with no re-encoding${alone}.` };
  }
  return {
    ...base,
    kind: 'reencode',
    summary: `Streams to RTMP after re-encoding the ${encoded.join(' and ')}: ${plan.reasons.join('; ')}.`,
  };
}

/** The verdict of a file that cannot be streamed at all, with the reason in its first sentence. */
export function unusableVerdict(reason: string): Verdict {
  return { kind: 'unusable', video: 'none', audio: 'none', summary: `Cannot be streamed: ${reason}`, reasons: [], platforms: [] };
}
