import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegTool } from '@shared/contract/system';
import { runOnce } from './run-once';

export type ToolName = 'ffmpeg' | 'ffprobe';

export interface LocateOptions {
  /** Path chosen by the user in settings; wins over everything. */
  explicitPath?: string | undefined;
  /** Folder holding a copy shipped with the app (resources/bin), if any. */
  bundledDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

const INSTALL_HINT: Record<NodeJS.Platform | 'default', string> = {
  linux: 'Install it with your package manager (sudo apt install ffmpeg, or sudo dnf install ffmpeg).',
  darwin: 'Install it with Homebrew: brew install ffmpeg.',
  win32: 'Install it with winget install ffmpeg, or download a build and set its path in Settings.',
  default: 'Install FFmpeg 5.1 or newer and make sure it is on your PATH, or set its path in Settings.',
} as Record<NodeJS.Platform | 'default', string>;

export function installHint(platform: NodeJS.Platform = process.platform): string {
  return INSTALL_HINT[platform] ?? INSTALL_HINT.default;
}

/**
 * Find ffmpeg or ffprobe: explicit setting → LIVEMANAGER_FFMPEG (a binary or its folder; ffprobe
 * is looked for beside it) → a bundled copy → PATH. Returns the version it actually reports.
 */
export async function locateTool(tool: ToolName, options: LocateOptions = {}): Promise<FfmpegTool> {
  const env = options.env ?? process.env;
  const exe = process.platform === 'win32' ? `${tool}.exe` : tool;
  const candidates: { path: string; source: 'setting' | 'env' | 'bundled' | 'path' }[] = [];

  if (options.explicitPath) candidates.push({ path: siblingOf(options.explicitPath, exe), source: 'setting' });
  const fromEnv = env.LIVEMANAGER_FFMPEG;
  if (fromEnv) candidates.push({ path: siblingOf(fromEnv, exe), source: 'env' });
  if (options.bundledDir) candidates.push({ path: path.join(options.bundledDir, exe), source: 'bundled' });
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    candidates.push({ path: path.join(dir, exe), source: 'path' });
  }

  const tried: string[] = [];
  for (const candidate of candidates) {
    if (!(await isExecutable(candidate.path))) {
      if (candidate.source !== 'path') tried.push(candidate.path);
      continue;
    }
    const version = await readVersion(candidate.path, tool);
    if (version) return { found: true, path: candidate.path, version, source: candidate.source };
    tried.push(`${candidate.path} (does not answer -version)`);
  }
  const where = tried.length ? ` Tried: ${tried.join(', ')}.` : '';
  return { found: false, reason: `${tool} not found.${where} ${installHint()}` };
}

/** `/opt/ffmpeg/bin/ffmpeg` or `/opt/ffmpeg/bin` → the wanted tool in that folder. */
function siblingOf(configured: string, exe: string): string {
  const base = path.basename(configured).toLowerCase();
  if (base === 'ffmpeg' || base === 'ffmpeg.exe' || base === 'ffprobe' || base === 'ffprobe.exe') {
    return path.join(path.dirname(configured), exe);
  }
  return path.join(configured, exe);
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Parse `ffmpeg version 5.1.6-0+deb12u1 Copyright …` → `5.1.6-0+deb12u1`. */
export function parseVersionLine(output: string, tool: ToolName): string | null {
  const match = new RegExp(`^${tool} version (\\S+)`, 'm').exec(output);
  return match?.[1] ?? null;
}

async function readVersion(file: string, tool: ToolName): Promise<string | null> {
  const result = await runOnce(file, ['-hide_banner', '-version'], { timeoutMs: 10_000 });
  return result.ended === 'exit' && result.code === 0 ? parseVersionLine(result.stdout, tool) : null;
}
