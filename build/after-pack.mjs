// electron-builder afterPack hook: flip the Electron fuses in the packaged binary before it is
// signed and wrapped into AppImage/deb/dmg/nsis. Needs the real Electron binary, so it only runs
// where installers are built (not on these CI machines: see docs/packaging.md).
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { FUSES } from './fuses.mjs';

/** The Electron executable electron-builder just laid out for this platform. */
export function packagedBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

/** FUSES with @electron/fuses' enum keys. */
export function fuseConfig(platform, arch) {
  const config = { version: FuseVersion.V1 };
  for (const [option, value] of Object.entries(FUSES)) {
    const key = FuseV1Options[option];
    if (key === undefined) throw new Error(`Unknown Electron fuse "${option}".`);
    config[key] = value;
  }
  // Flipping fuses breaks the ad-hoc signature of arm64 macOS builds; re-sign it ad hoc.
  config.resetAdHocDarwinSignature = platform === 'darwin' && arch === 'arm64';
  return config;
}

const ARCH = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

export default async function afterPack(context) {
  await flipFuses(packagedBinary(context), fuseConfig(context.electronPlatformName, ARCH[context.arch] ?? String(context.arch)));
}
