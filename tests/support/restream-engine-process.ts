import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { bundleNodeScript } from './bundle-node-script';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Start `restream-engine-host.ts` in a separate Node process (so the test can SIGKILL the engine
 * itself) and resolve once it reports its lives on air: a hub live, plus a direct-mode live when
 * `directStreamKey` is given.
 */
export async function spawnEngineHost(args: {
  dataDir: string;
  sourceFile: string;
  ingestUrl: string;
  streamKey: string;
  directStreamKey?: string;
}): Promise<{ child: ChildProcess; liveId: string; directLiveId: string | undefined; stderr: () => string }> {
  const script = await bundleNodeScript(path.join(ROOT, 'tests/support/restream-engine-host.ts'));
  const argv = [script, args.dataDir, args.sourceFile, args.ingestUrl, args.streamKey];
  if (args.directStreamKey) argv.push(args.directStreamKey);
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const [liveId, directLiveId] = await new Promise<[string, string | undefined]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine host did not go live: ${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LIVE (\S+)(?: (\S+))?\n/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve([match[1], match[2]]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine host exited with ${String(code)}: ${stderr}`));
    });
  });
  return { child, liveId, directLiveId, stderr: () => stderr };
}
