export interface AfterPackContext {
  electronPlatformName: string;
  appOutDir: string;
  arch?: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
export function packagedBinary(context: AfterPackContext): string;
export function fuseConfig(platform: string, arch: string): Record<string | number, unknown>;
export default function afterPack(context: AfterPackContext): Promise<void>;
