import type { SshSession } from '../ssh-session';

/** What the installer needs to know about a VPS, read in one round trip. */
export interface RemotePlatform {
  /** `uname -s`: only Linux runs the agent. */
  readonly os: string;
  /** Node's name for `uname -m`: x64, arm64 (null when Node ships no Linux build for it). */
  readonly arch: 'x64' | 'arm64' | null;
  readonly machine: string;
  readonly home: string;
  readonly uid: number;
  /** `node` on the PATH of an SSH session, and what `node -v` says. */
  readonly systemNode: { readonly path: string; readonly version: string } | null;
  /** systemd is PID 1 (/run/systemd/system exists), and `systemctl --user` answers. */
  readonly systemd: boolean;
  readonly userSystemd: boolean;
  readonly downloader: 'curl' | 'wget' | null;
  readonly packageManager: 'apt' | 'dnf' | 'yum' | null;
  readonly hasSudo: boolean;
  readonly hasSetsid: boolean;
  /** /etc/os-release ID and ID_LIKE: "debian", "ubuntu debian", "fedora"… */
  readonly distro: string;
}

/** One POSIX sh script printing `key=value` lines; every value is read, never executed. */
export const PLATFORM_SCRIPT = [
  `printf 'os=%s\\n' "$(uname -s)"`,
  `printf 'machine=%s\\n' "$(uname -m)"`,
  `printf 'home=%s\\n' "$HOME"`,
  `printf 'uid=%s\\n' "$(id -u)"`,
  `if command -v node >/dev/null 2>&1; then printf 'node=%s\\n' "$(command -v node)"; printf 'nodeVersion=%s\\n' "$(node -v 2>/dev/null)"; fi`,
  `if [ -d /run/systemd/system ]; then printf 'systemd=1\\n'; fi`,
  `if systemctl --user show-environment >/dev/null 2>&1; then printf 'userSystemd=1\\n'; fi`,
  `for tool in curl wget apt-get dnf yum sudo setsid; do if command -v "$tool" >/dev/null 2>&1; then printf 'has=%s\\n' "$tool"; fi; done`,
  `if [ -r /etc/os-release ]; then (. /etc/os-release; printf 'distro=%s %s\\n' "$ID" "$ID_LIKE"); fi`,
  'true',
].join('; ');

const ARCHES: Record<string, 'x64' | 'arm64'> = { x86_64: 'x64', amd64: 'x64', aarch64: 'arm64', arm64: 'arm64' };

export function parsePlatform(text: string): RemotePlatform {
  const values = new Map<string, string>();
  const has = new Set<string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === 'has') has.add(value);
    else values.set(key, value);
  }
  const machine = values.get('machine') ?? '';
  const nodePath = values.get('node');
  const nodeVersion = values.get('nodeVersion');
  return {
    os: values.get('os') ?? 'unknown',
    arch: ARCHES[machine] ?? null,
    machine,
    home: values.get('home') ?? '',
    uid: Number(values.get('uid') ?? NaN),
    systemNode: nodePath && nodeVersion ? { path: nodePath, version: nodeVersion.replace(/^v/, '') } : null,
    systemd: values.get('systemd') === '1',
    userSystemd: values.get('userSystemd') === '1',
    downloader: has.has('curl') ? 'curl' : has.has('wget') ? 'wget' : null,
    packageManager: has.has('apt-get') ? 'apt' : has.has('dnf') ? 'dnf' : has.has('yum') ? 'yum' : null,
    hasSudo: has.has('sudo'),
    hasSetsid: has.has('setsid'),
    distro: (values.get('distro') ?? '').trim(),
  };
}

export async function detectPlatform(session: SshSession): Promise<RemotePlatform> {
  const result = await session.run(PLATFORM_SCRIPT, { timeoutMs: 30_000 });
  const platform = parsePlatform(result.stdout);
  if (platform.os !== 'Linux') {
    throw new Error(`The agent runs on Linux; this server runs ${platform.os}. Use a Linux VPS (Debian, Ubuntu, Fedora…).`);
  }
  if (platform.arch === null) {
    throw new Error(`The agent runs on x86_64 and arm64 servers; this one is ${platform.machine || 'unknown'}.`);
  }
  if (!platform.home.startsWith('/')) throw new Error('The SSH session has no HOME folder to install the agent in.');
  return platform;
}
