import path from 'node:path';

/**
 * The one-file agent the app uploads to a VPS: `out/agent/livemanager-agent.mjs`, beside
 * `out/main/` where this code is bundled. In a package it is unpacked from app.asar
 * (electron-builder.yml `asarUnpack`), so SFTP and the hashing worker read a plain file.
 */
export function agentBundlePath(mainDir: string = import.meta.dirname): string {
  const file = path.join(mainDir, '..', 'agent', 'livemanager-agent.mjs');
  return file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}
