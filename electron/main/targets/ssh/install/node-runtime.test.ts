import { describe, expect, it } from 'vitest';
import { checkMirrorUrl, pickNodeTarball } from './node-runtime';

const SHASUMS = [
  `${'1'.repeat(64)}  node-v24.3.0-darwin-arm64.tar.gz`,
  `${'2'.repeat(64)}  node-v24.3.0-linux-arm64.tar.gz`,
  `${'3'.repeat(64)}  node-v24.3.0-linux-x64.tar.xz`,
  `${'4'.repeat(64)}  node-v24.3.0-linux-x64.tar.gz`,
  `${'5'.repeat(64)}  node-v24.3.0-win-x64.zip`,
].join('\n');

describe('the private Node download', () => {
  it('picks the Linux .tar.gz of the arch, with its checksum', () => {
    expect(pickNodeTarball(SHASUMS, 'x64')).toEqual({
      file: 'node-v24.3.0-linux-x64.tar.gz',
      version: '24.3.0',
      sha256: '4'.repeat(64),
    });
    expect(pickNodeTarball(SHASUMS, 'arm64').sha256).toBe('2'.repeat(64));
  });

  it('refuses a listing without a recent enough build', () => {
    expect(() => pickNodeTarball(`${'6'.repeat(64)}  node-v20.11.0-linux-x64.tar.gz`, 'x64')).toThrow(
      /no Linux x64 build of Node >=22\.12/,
    );
    expect(() => pickNodeTarball('<html>not found</html>', 'x64')).toThrow(/SHASUMS256/);
  });

  it('takes an https (or http) mirror without credentials, and ends it with /', () => {
    expect(checkMirrorUrl('https://mirror.example/node/latest-v24.x')).toBe('https://mirror.example/node/latest-v24.x/');
    expect(checkMirrorUrl('http://10.0.0.5/dist/?x=1#y')).toBe('http://10.0.0.5/dist/');
    expect(() => checkMirrorUrl('ftp://mirror.example/')).toThrow(/must start with https:\/\//);
    expect(() => checkMirrorUrl('https://user:pw@mirror.example/')).toThrow(/must not contain a user name or password/);
    expect(() => checkMirrorUrl('not a url')).toThrow(/is not a URL/);
  });
});
