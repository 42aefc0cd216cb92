import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PLATFORM_SCRIPT, parsePlatform } from './remote-platform';

describe('reading a VPS platform', () => {
  it('parses what the script prints on this machine (a real sh)', () => {
    const platform = parsePlatform(
      execFileSync('sh', ['-c', PLATFORM_SCRIPT], { env: { ...process.env, HOME: '/home/ana' } }).toString(),
    );
    expect(platform).toMatchObject({ os: 'Linux', home: '/home/ana', uid: process.getuid?.() });
    expect(['x64', 'arm64']).toContain(platform.arch);
    expect(platform.systemNode?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('maps machines to Node builds and tools to what the installer uses', () => {
    const text = [
      'os=Linux',
      'machine=aarch64',
      'home=/root',
      'uid=0',
      'node=/usr/bin/node',
      'nodeVersion=v18.19.0',
      'has=wget',
      'has=dnf',
      'has=sudo',
      'distro=fedora ',
    ].join('\n');
    expect(parsePlatform(text)).toEqual({
      os: 'Linux',
      arch: 'arm64',
      machine: 'aarch64',
      home: '/root',
      uid: 0,
      systemNode: { path: '/usr/bin/node', version: '18.19.0' },
      systemd: false,
      userSystemd: false,
      downloader: 'wget',
      packageManager: 'dnf',
      hasSudo: true,
      hasSetsid: false,
      distro: 'fedora',
    });
    expect(parsePlatform('os=Linux\nmachine=armv7l\n').arch).toBeNull();
  });
});
