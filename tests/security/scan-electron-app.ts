import { createRequire } from 'node:module';
import path from 'node:path';

export interface ScanFinding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  /**
   * The source line the finding points at, trimmed; in minified code (a line past 200
   * characters), the 80 characters from the finding's column, so a review can name the call.
   */
  sample: string;
  manualReview: boolean;
}

export interface ScanReport {
  checks: number;
  findings: ScanFinding[];
  /** Files the scanner could not parse (a parse failure would hide findings). */
  parseErrors: { file: string; message: string }[];
}

interface RawIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location: { line: number; column?: number };
  sample?: string;
  manualReview?: boolean;
}
type Runner = (options: Record<string, unknown>) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable?: boolean }[];
  issues: RawIssue[];
}>;

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const inPackage = createRequire(path.join(packageDir, 'dist', 'runner.js'));

/**
 * Electronegativity, run offline on a folder. Two adjustments, neither hiding a check:
 * - it fetches translations over the network at start (and crashes on the timeout here): its
 *   `got` is replaced by one that fails at once, so it falls back to its bundled English;
 * - its Babel parser is asked for ESTree class features, and its older tree walkers are taught
 *   the ES2022 node types (private fields, static blocks), so our bundle parses instead of
 *   failing whole files (which would silently skip every check in them).
 * The check that compares the Electron version with releases online is excluded (no network).
 */
/** ES2022+ nodes the estraverse 4 copies inside the scanner do not know, with their children. */
const MODERN_NODE_KEYS: Record<string, string[]> = {
  StaticBlock: ['body'],
  PropertyDefinition: ['key', 'value'],
  PrivateIdentifier: [],
  ChainExpression: ['expression'],
  ImportExpression: ['source'],
};

function teachTreeWalkers(): void {
  const owners = [inPackage, ...['escope', 'eslint-scope'].map((name) => createRequire(inPackage.resolve(name)))];
  for (const ownerRequire of owners) {
    let estraverse: { VisitorKeys: Record<string, string[]>; Syntax: Record<string, string> };
    try {
      estraverse = ownerRequire('estraverse') as typeof estraverse;
    } catch {
      continue;
    }
    for (const [type, keys] of Object.entries(MODERN_NODE_KEYS)) {
      estraverse.VisitorKeys[type] ??= keys;
      estraverse.Syntax[type] ??= type;
    }
  }
}

export async function scanElectronApp(input: string): Promise<ScanReport> {
  teachTreeWalkers();
  const gotPath = inPackage.resolve('got');
  inPackage.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: () => Promise.reject(new Error('offline')),
  } as unknown as NodeJS.Module;
  const { Parser } = inPackage('./parser/parser') as {
    Parser: { prototype: { parse(...args: unknown[]): unknown; babelPlugins?: unknown[] } };
  };
  const parse = Parser.prototype.parse;
  Parser.prototype.parse = function patched(this: { babelPlugins: unknown[] }, ...args: unknown[]) {
    this.babelPlugins = this.babelPlugins.map((p) => (p === 'estree' ? ['estree', { classFeatures: true }] : p));
    return parse.apply(this, args);
  };
  try {
    const run = inPackage('./runner.js') as Runner;
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    const result = await run({
      input,
      electronVersionOverride: electronVersion,
      isRelative: true,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
    return {
      checks: result.globalChecks + result.atomicChecks,
      parseErrors: result.errors.map(({ file, message }) => ({ file: path.relative(input, file), message })),
      findings: result.issues.map((i) => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file,
        line: i.location.line,
        sample: sampleAt(i.sample ?? '', i.location.column),
        manualReview: i.manualReview === true,
      })),
    };
  } finally {
    Parser.prototype.parse = parse;
  }
}

const MINIFIED_LINE = 200;

function sampleAt(line: string, column: number | undefined): string {
  if (line.length <= MINIFIED_LINE || column === undefined) return line;
  return line.slice(column, column + 80);
}
