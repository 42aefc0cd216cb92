import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanElectronApp, type ScanFinding, type ScanReport } from './scan-electron-app';

const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'out');
const securityDoc = readFileSync(path.join(root, 'docs/security.md'), 'utf8');

/**
 * Findings a person reviewed, each explained in docs/security.md ("Electronegativity"). Matched
 * on the exact line, so a new call site (or a changed one) is a new finding and fails the test.
 */
const REVIEWED: { id: string; file?: RegExp; sample: RegExp }[] = [
  // The one shell.openExternal, behind the https allow-list (electron/main/security/open-in-browser.ts).
  { id: 'OPEN_EXTERNAL_JS_CHECK', sample: /^return shell\.openExternal\(url\);$/ },
  // The preload exposes only named contract methods through contextBridge.
  { id: 'PRELOAD_JS_CHECK', sample: /^preload: preloadPath,$/ },
  // hls.js's own TaskLoop.setInterval(ms), not the global timer given a string.
  {
    id: 'DANGEROUS_FUNCTIONS_JS_CHECK',
    sample: /^(if \(this\.state !== State\.STOPPED\) )?this\.setInterval\(TICK_INTERVAL(\$\d+)?\);$/,
  },
  // The same calls once minified in the lazily loaded hls.js chunk: a constant's name as the argument.
  {
    id: 'DANGEROUS_FUNCTIONS_JS_CHECK',
    file: /^renderer\/assets\/hls-[\w-]+\.js$/,
    sample: /^(this\.set)?Interval\([A-Za-z_$][\w$]{0,2}\)[,;):]/,
  },
];
const isReviewed = (f: ScanFinding): boolean =>
  REVIEWED.some((r) => r.id === f.id && (!r.file || r.file.test(f.file)) && r.sample.test(f.sample));

const show = (findings: ScanFinding[]): string[] => findings.map((f) => `${f.severity} ${f.id} ${f.file}:${f.line} ${f.sample}`);

// `npm test` builds first (electron-vite build); the scan reads that build, as shipped.
describe('Electronegativity scan of the built app (out/)', () => {
  let report: ScanReport;

  beforeAll(async () => {
    for (const file of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) {
      if (!existsSync(path.join(out, file))) throw new Error(`out/${file} is missing: run "npm run build" first.`);
    }
    report = await scanElectronApp(out);
  }, 120_000);

  it('parses every file it scans (a parse failure would skip its checks)', () => {
    expect(report.checks).toBeGreaterThan(30);
    expect(report.parseErrors).toEqual([]);
  });

  it('finds nothing of high or medium severity beyond the reviewed ones', () => {
    const serious = report.findings.filter((f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && !isReviewed(f));
    expect(show(serious)).toEqual([]);
  });

  it('every accepted finding (low, or reviewed) is explained in docs/security.md', () => {
    const accepted = report.findings
      .filter((f) => f.severity !== 'HIGH' && f.severity !== 'MEDIUM')
      .concat(report.findings.filter(isReviewed));
    for (const finding of accepted) expect(securityDoc, finding.id).toContain(finding.id);
  });

  it('is a real scan: the same harness flags an unsafe window', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lm-eng-'));
    try {
      await writeFile(
        path.join(dir, 'main.js'),
        "const { BrowserWindow } = require('electron');\nclass A { #x = 1; }\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
      );
      const canary = await scanElectronApp(dir);
      expect(canary.parseErrors).toEqual([]);
      expect(canary.findings.map((f) => f.id)).toEqual(
        expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
