import type { EncoderChoice } from '@shared/contract/library';
import { buildTrialArgs, HARDWARE_H264_ENCODERS, type H264Encoder } from '@shared/ffmpeg/optimize-args';
import type { FfmpegTools } from '../../ffmpeg/ffmpeg-tools';

/**
 * Which H.264 encoder optimize jobs use: the first hardware encoder this FFmpeg lists AND that
 * encodes a short test pattern for real here (a build lists NVENC, QSV and VAAPI whatever the
 * machine has), else libx264. `candidates` is for tests.
 */
export async function chooseEncoder(
  tools: Pick<FfmpegTools, 'capabilities' | 'run'>,
  candidates: readonly H264Encoder[] = HARDWARE_H264_ENCODERS,
): Promise<EncoderChoice & { encoder: H264Encoder }> {
  const caps = await tools.capabilities();
  const listed = caps ? candidates.filter((name) => caps.encoders.includes(name)) : [];
  const trials: EncoderChoice['trials'] = [];
  for (const encoder of listed) {
    const result = await tools.run('ffmpeg', buildTrialArgs(encoder), { timeoutMs: 15_000, maxOutputBytes: 64 * 1024 });
    const ok = result.ended === 'exit' && result.code === 0;
    trials.push({ encoder, ok, reason: ok ? null : failureReason(result.ended, result.stderr) });
    if (ok) return { encoder, hardware: encoder !== 'libx264', trials };
  }
  return { encoder: 'libx264', hardware: false, trials };
}

/** The trial's last meaningful line ("No NVENC capable devices found"), cut short. */
function failureReason(ended: string, stderr: string): string {
  if (ended === 'timeout') return 'The trial encode did not finish in 15 s.';
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((line) => line !== '' && !/^Conversion failed!?$/.test(line));
  const line =
    lines.find((l) => /device|driver|not found|cannot|unable|fail|error/i.test(l)) ?? lines.at(-1) ?? `ended by ${ended}`;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
