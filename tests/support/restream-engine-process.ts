import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { bundleNodeScript } from './bundle-node-script';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Start `restream-engine-host.ts` in a separate Node process (so the test can SIGKILL the engine
 * itself) and resolve once it reports its live on air.
 */
export async function spawnEngineHost(args: {
  dataDir: string;
  sourceFile: string;
  ingestUrl: string;
  streamKey: string;
}): Promise<{ child: ChildProcess; liveId: string; stderr: () => string }> {
  const script = await bundleNodeScript(path.join(ROOT, 'tests/support/restream-engine-host.ts'));
  const child = spawn(process.execPath, [script, args.dataDir, args.sourceFile, args.ingestUrl, args.streamKey], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const liveId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine host did not go live: ${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LIVE (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine host exited with ${String(code)}: ${stderr}`));
    });
  });
  return { child, liveId, stderr: () => stderr };
}
