import type { SshSession } from '../ssh-session';
import type { RemotePlatform } from './remote-platform';

/** How to get FFmpeg on a VPS that lacks it: the exact command, shown to the user before anything runs. */
export interface FfmpegOffer {
  /** What the user can paste in a terminal on the VPS (or null when we know no package for it). */
  readonly command: string | null;
  /** Whether the app can run it for them (root, or sudo without a password prompt is tried). */
  readonly canRun: boolean;
  /** What to know first (RPM Fusion on Fedora), or why no command is offered. */
  readonly note?: string;
}

/** Argument lists of the package manager steps, without sudo. */
function steps(platform: RemotePlatform): string[][] | null {
  switch (platform.packageManager) {
    case 'apt':
      return [
        ['apt-get', 'update'],
        ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', 'ffmpeg'],
      ];
    case 'dnf':
      return [['dnf', 'install', '-y', 'ffmpeg']];
    case 'yum':
      return [['yum', 'install', '-y', 'ffmpeg']];
    case null:
      return null;
  }
}

const asRoot = (platform: RemotePlatform, argv: string[]): string[] => (platform.uid === 0 ? argv : ['sudo', ...argv]);

export function ffmpegOffer(platform: RemotePlatform): FfmpegOffer {
  const plan = steps(platform);
  if (!plan) {
    return {
      command: null,
      canRun: false,
      note: 'No apt or dnf on this server: install FFmpeg 5.1 or newer with its package manager, or put a static build on the PATH.',
    };
  }
  const command = plan.map((argv) => asRoot(platform, argv).join(' ')).join(' && ');
  const redHat = platform.packageManager !== 'apt';
  return {
    command: command.replace(' env DEBIAN_FRONTEND=noninteractive', ''),
    canRun: platform.uid === 0 || platform.hasSudo,
    ...(redHat
      ? {
          note:
            'Fedora, RHEL, Rocky and Alma ship FFmpeg with x264 only from RPM Fusion: enable it first ' +
            '(https://rpmfusion.org/Configuration), on RHEL-like systems after EPEL.',
        }
      : {}),
  };
}

/**
 * Run the offered install, only when the user agreed. sudo runs with -n: if it would ask for a
 * password the step fails with the command to run by hand, never a prompt hanging in the channel.
 */
export async function runFfmpegInstall(session: SshSession, platform: RemotePlatform): Promise<void> {
  const plan = steps(platform);
  const offer = ffmpegOffer(platform);
  if (!plan || !offer.canRun) throw new Error(offer.note ?? 'FFmpeg cannot be installed from the app on this server.');
  for (const argv of plan) {
    const words = platform.uid === 0 ? argv : ['sudo', '-n', ...argv];
    const result = await session.run(words.join(' '), { timeoutMs: 20 * 60_000 });
    if (result.code === 0) continue;
    const why = result.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${result.code}`;
    const password = /password is required|a terminal is required/i.test(result.stderr);
    throw new Error(
      password
        ? `sudo asks for a password on this server: run \`${offer.command}\` in a terminal on it, then check again.`
        : `Installing FFmpeg failed (${why.slice(0, 300)}). Run \`${offer.command}\` on the server to see why.`,
    );
  }
}
