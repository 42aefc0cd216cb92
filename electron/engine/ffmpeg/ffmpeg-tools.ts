import { RpcError } from '@shared/contract/errors';
import type { FfmpegTool } from '@shared/contract/system';
import { detectCapabilities, type FfmpegCapabilities } from './capabilities';
import { locateTool, type LocateOptions, type ToolName } from './locate';
import { probeSource, type ProbeOptions, type ProbeOutcome } from './probe';
import { runOnce, type RunOnceOptions, type RunOnceResult } from './run-once';

/** Where both tools are, once both were found. */
export interface FfmpegPaths {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

/**
 * The engine's one way to find and run FFmpeg/ffprobe for a short job (in `EngineDeps.ffmpeg`).
 * Long-running, supervised FFmpeg (a live's pipeline) goes through `runner.ts`, given the path
 * from `paths()`. Every call uses an argument array, never a shell.
 */
export interface FfmpegTools {
  /** The tool this engine uses and its version. Found tools are remembered; a miss is looked up again next time. */
  locate(tool: ToolName): Promise<FfmpegTool>;
  /** Both paths, or UNAVAILABLE saying which is missing and how to install it. */
  paths(): Promise<FfmpegPaths>;
  /** What the located ffmpeg can do (encoders, protocols…); null when there is no ffmpeg. */
  capabilities(): Promise<FfmpegCapabilities | null>;
  /** ffprobe a file or URL; an engine without ffprobe gets an `unreadable` outcome saying so. */
  probe(input: string, options?: Omit<ProbeOptions, 'ffprobePath'>): Promise<ProbeOutcome>;
  /** Run a tool to completion, bounded by a timeout and an optional abort signal. */
  run(tool: ToolName, args: readonly string[], options?: RunOnceOptions): Promise<RunOnceResult>;
}

/** The tools service over `locateTool`'s search order (setting → LIVEMANAGER_FFMPEG → bundled → PATH). */
export function ffmpegTools(where: LocateOptions = {}): FfmpegTools {
  const found = new Map<ToolName, Promise<FfmpegTool>>();
  let capabilities: { path: string; caps: Promise<FfmpegCapabilities> } | undefined;

  const locate = (tool: ToolName): Promise<FfmpegTool> => {
    const known = found.get(tool);
    if (known) return known;
    const lookup = locateTool(tool, where);
    found.set(tool, lookup);
    // Forget a miss, so FFmpeg installed while the engine runs is seen without a restart.
    void lookup.then((result) => {
      if (!result.found && found.get(tool) === lookup) found.delete(tool);
    });
    return lookup;
  };

  const require = async (tool: ToolName): Promise<string> => {
    const result = await locate(tool);
    if (!result.found) throw new RpcError('UNAVAILABLE', result.reason);
    return result.path;
  };

  return {
    locate,
    async paths() {
      const [ffmpeg, ffprobe] = await Promise.all([require('ffmpeg'), require('ffprobe')]);
      return { ffmpeg, ffprobe };
    },
    async capabilities() {
      const tool = await locate('ffmpeg');
      if (!tool.found) return null;
      if (capabilities?.path !== tool.path) capabilities = { path: tool.path, caps: detectCapabilities(tool.path) };
      return capabilities.caps;
    },
    async probe(input, options = {}) {
      const tool = await locate('ffprobe');
      if (!tool.found) return { ok: false, kind: 'unreadable', message: tool.reason, detail: '' };
      return probeSource(input, { ...options, ffprobePath: tool.path });
    },
    async run(tool, args, options) {
      return runOnce(await require(tool), args, options);
    },
  };
}
