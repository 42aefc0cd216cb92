import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fuseConfig, packagedBinary } from '../../build/after-pack.mjs';
import { FUSES } from '../../build/fuses.mjs';

// Installers cannot be built here (no Electron download), so the configuration is checked instead.
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

interface TargetEntry {
  target: string;
  arch?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  afterPack: string;
  extraResources: { from: string; to: string }[];
  linux: { target: (string | TargetEntry)[]; icon: string };
  deb: { depends: string[] };
  mac: { target: TargetEntry[]; hardenedRuntime: boolean; entitlements: string };
  win: { target: TargetEntry[] };
}

const config = parse(read('electron-builder.yml')) as BuilderConfig;
const targetNames = (list: (string | TargetEntry)[]): string[] => list.map((t) => (typeof t === 'string' ? t : t.target));

/** electron-builder's `files`: a path is packed when the last matching pattern includes it. */
function packed(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (path.matchesGlob(file, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

/** electron-builder's own validation (its JSON schema and deprecation checks), as `build` runs it. */
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder’s own configuration validator', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    const broken = { ...structuredClone(config), linux: { ...config.linux, targte: ['AppImage'] } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('builds AppImage and deb on Linux, a dmg for x64 and arm64 on macOS, nsis on Windows', () => {
    expect(targetNames(config.linux.target)).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(targetNames(config.win.target)).toEqual(['nsis']);
    expect(config.productName).toBe('LiveManager');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(existsSync(path.join(root, config.mac.entitlements))).toBe(true);
    expect(existsSync(path.join(root, config.linux.icon))).toBe(true);
  });

  it('packs the built app only: no sources, tests, maps, docs or CI scripts', () => {
    expect(config.asar).toBe(true);
    for (const file of [
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'resources/tray/live.png',
      'package.json',
    ]) {
      expect(packed(file), file).toBe(true);
    }
    for (const file of [
      'electron/main/index.ts',
      'electron/main/ipc/ipc-router.test.ts',
      'shared/contract/index.ts',
      'renderer/src/App.tsx',
      'tests/keychain/keychain.test.ts',
      'bench/run.ts',
      'docs/security.md',
      '.ci/run',
      'out/main/index.js.map',
      'build/after-pack.mjs',
    ]) {
      expect(packed(file), file).toBe(false);
    }
  });

  it('flips the fuses after packing: RunAsNode off, cookie encryption on, asar integrity on, app only from asar', () => {
    expect(config.afterPack).toBe('./build/after-pack.mjs');
    const fuses = fuseConfig('linux', 'x64') as Record<number, boolean>;
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    for (const name of Object.keys(FUSES)) expect(FuseV1Options, name).toHaveProperty(name);
    expect(fuseConfig('darwin', 'arm64')).toMatchObject({ resetAdHocDarwinSignature: true });
  });

  it('finds the packaged Electron binary on each platform', () => {
    const context = (electronPlatformName: string) => ({
      electronPlatformName,
      appOutDir: '/dist/unpacked',
      packager: { appInfo: { productFilename: 'LiveManager' }, executableName: 'livemanager' },
    });
    expect(packagedBinary(context('linux'))).toBe('/dist/unpacked/livemanager');
    expect(packagedBinary(context('win32'))).toBe('/dist/unpacked/LiveManager.exe');
    expect(packagedBinary(context('darwin'))).toBe('/dist/unpacked/LiveManager.app');
  });

  it('ships or finds FFmpeg per OS as docs/packaging.md says', () => {
    // A bundled copy lands in resources/ffmpeg, exactly where main tells the engine to look.
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'vendor/ffmpeg/${os}-${arch}', to: 'ffmpeg' }));
    expect(read('electron/main/app/desktop-app.ts')).toContain("path.join(process.resourcesPath, 'ffmpeg')");
    // Linux packages depend on the distribution's FFmpeg 5.1+.
    expect(config.deb.depends.some((d) => /^ffmpeg \(>= 7:5\.1\)$/.test(d))).toBe(true);
    const doc = read('docs/packaging.md');
    for (const os of ['Linux', 'macOS', 'Windows']) expect(doc).toMatch(new RegExp(`\\|\\s*${os}\\s*\\|`));
    for (const source of ['Settings', 'LIVEMANAGER_FFMPEG', 'resources/ffmpeg', 'PATH']) expect(doc).toContain(source);
  });
});
