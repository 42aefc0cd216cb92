import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBundle, runAgent } from '../support/agent-process';
import { caddyAvailable } from '../support/caddy';

/** `caddy validate` on a Caddyfile, in a temp HOME (Caddy keeps state there). */
function validate(caddyfile: string, home: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/caddy',
      ['validate', '--config', caddyfile, '--adapter', 'caddyfile'],
      { env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

// Issue 14 §5: the installer's Caddy step. `install-service --domain` puts the viewer flags in the
// unit and writes a Caddyfile for Debian's Caddy that `caddy validate` accepts (no certificate can
// be obtained here; tests/integration/outputs/public-listener.test.ts runs the same shape with
// Caddy's internal CA in front of a real engine).
describe.skipIf(!caddyAvailable())('livemanager-agent install-service --domain: the Caddy step', { timeout: 60_000 }, () => {
  let agentJs: string;
  let root: string;
  beforeAll(async () => {
    agentJs = await agentBundle();
    root = await mkdtemp(path.join(tmpdir(), 'lm-caddy-step-'));
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('validate catches a broken Caddyfile (so a pass below means something)', async () => {
    const broken = path.join(root, 'Broken');
    await writeFile(broken, 'live.example.com {\n  reverse_proxy\n  nonsense_directive on\n}\n');
    expect((await validate(broken, root)).code).not.toBe(0);
  });

  it('runs serve with --public-listen on loopback and --public-url https://DOMAIN, behind a Caddyfile caddy validates', async () => {
    const dir = path.join(root, 'ok');
    await mkdir(dir);
    const caddyfile = path.join(dir, 'Caddyfile');
    const result = await runAgent(agentJs, [
      'install-service',
      '--system',
      '--no-start',
      '--unit-dir',
      dir,
      '--data-dir',
      path.join(dir, 'data'),
      '--domain',
      'Live.Example.com',
      '--public-port',
      '8123',
      '--caddyfile',
      caddyfile,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const unit = await readFile(path.join(dir, 'livemanager-agent.service'), 'utf8');
    expect(unit).toMatch(
      /^ExecStart=.* serve --data-dir \S+ --public-listen 127\.0\.0\.1:8123 --public-url https:\/\/live\.example\.com$/m,
    );
    const text = await readFile(caddyfile, 'utf8');
    expect(text).toContain('live.example.com {');
    expect(text).toContain('reverse_proxy 127.0.0.1:8123');
    const checked = await validate(caddyfile, root);
    expect(checked.output).toMatch(/Valid configuration/);
    expect(checked.code).toBe(0);
  });

  it.each([
    [['--domain', 'live example.com'], /--domain takes a DNS name/],
    [['--domain', 'live.example.com { }'], /--domain takes a DNS name/],
    [['--domain', '203.0.113.7'], /--domain takes a DNS name/],
    [['--domain', 'localhost'], /--domain takes a DNS name/],
    [['--domain', 'live.example.com', '--public-port', '80'], /--public-port takes a port from 1024/],
    [['--public-port', '8123'], /go with --domain/],
  ])('refuses %j with a usage error (exit 2) and writes nothing', async (args, message) => {
    const dir = path.join(root, `bad-${Math.random().toString(36).slice(2)}`);
    const result = await runAgent(agentJs, ['install-service', '--system', '--no-start', '--unit-dir', dir, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    await expect(readFile(path.join(dir, 'livemanager-agent.service'), 'utf8')).rejects.toThrow();
  });
});
