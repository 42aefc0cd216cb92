import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Engine errors reach people: each must say its sentence as a catalog code the UI translates
// (`RpcError.of(code, engineMessage('domain.key', params))`, shared/messages/catalog.ts), never as
// a bare English string (`new RpcError(code, 'text')`), which the French UI could only show in
// English or replace with a generic line. See docs/architecture.md, "Adding a message".

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENGINE = path.join(ROOT, 'electron/engine');

/**
 * Files that still build RpcErrors from English text, with how many they may keep. The list may
 * only shrink: a new bare RpcError fails, and so does a file converted without lowering its count
 * here. Why each is not converted yet:
 * - `auth-layer.ts` forwards a policy decision that carries its own `text` when it has one;
 * - `live-editor.ts`, `destination-changes.ts` (1): the INVALID_PARAMS summary whose issues carry codes;
 * - `ffmpeg-tools.ts`, `run-inputs.ts`, `playlist-inputs.ts`, `notifications-module.ts`, `url-passwords.ts`,
 *   `live-start-stop.ts`, `create-admin.ts`: they wrap a sentence made elsewhere (a probe outcome, an
 *   SMTP reply, an access refusal), to convert with its producer;
 * - the remaining IPTV, library, secrets and accounts files: those domains were being reworked by
 *   other engineers while messages got codes (wave 8); each converts in its own small change.
 */
const NOT_YET_CONVERTED: Readonly<Record<string, number>> = {
  'accounts/accounts-module.ts': 1,
  'accounts/create-admin.ts': 3,
  'ffmpeg/ffmpeg-tools.ts': 1,
  'iptv/channel-resolver.ts': 2,
  'iptv/iptv-domain.ts': 3,
  'iptv/iptv-module.ts': 3,
  'iptv/preview/channel-previews.ts': 6,
  'iptv/provider-editor.ts': 4,
  'iptv/tuner/tuner-slots.ts': 1,
  'library/imports/importer.ts': 4,
  'library/library-domain.ts': 4,
  'lives/destination-changes.ts': 1,
  'lives/destination-test.ts': 1,
  'lives/live-editor.ts': 1,
  'lives/live-start-stop.ts': 1,
  'lives/runtime/playlist-inputs.ts': 2,
  'lives/runtime/run-inputs.ts': 2,
  'lives/runtime/track-choice.ts': 3,
  'lives/url-passwords.ts': 1,
  'notifications/notifications-module.ts': 1,
  'policy/auth-layer.ts': 1,
  'secrets/encrypted-file-secret-store.ts': 3,
  'secrets/secret-key.ts': 2,
};

function engineSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return engineSources(full);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** `new RpcError(` in code (a comment mentioning it does not count). */
function bareRpcErrors(source: string): number {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return code.match(/\bnew\s+RpcError\s*\(/g)?.length ?? 0;
}

describe('engine errors carry a message code', () => {
  const counts = Object.fromEntries(
    engineSources(ENGINE)
      .map((file) => [path.relative(ENGINE, file).split(path.sep).join('/'), bareRpcErrors(readFileSync(file, 'utf8'))] as const)
      .filter(([, count]) => count > 0),
  );

  it('no engine file builds an RpcError from bare text beyond its allowance', () => {
    const over = Object.entries(counts)
      .filter(([file, count]) => count > (NOT_YET_CONVERTED[file] ?? 0))
      .map(
        ([file, count]) =>
          `${file}: ${count} new RpcError(…) (allowed ${NOT_YET_CONVERTED[file] ?? 0}); use RpcError.of(code, engineMessage(…))`,
      );
    expect(over).toEqual([]);
  });

  it('the allowance only shrinks: a converted file lowers its count here', () => {
    const stale = Object.entries(NOT_YET_CONVERTED)
      .filter(([file, allowed]) => (counts[file] ?? 0) < allowed)
      .map(([file, allowed]) => `${file}: allowed ${allowed}, has ${counts[file] ?? 0}`);
    expect(stale).toEqual([]);
  });

  it('counts what it should: code, not comments', () => {
    expect(bareRpcErrors("throw new RpcError('NOT_FOUND', 'x');\n// new RpcError( in a comment\n")).toBe(1);
    expect(bareRpcErrors("throw RpcError.of('NOT_FOUND', engineMessage('lives.notFound', { liveId }));")).toBe(0);
  });
});
