import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRODUCT = /^(electron|shared|renderer)\//;
const TEST_FILE = /\.test\.tsx?$/;
/** Exported values (types are free: they cost nothing at run time and document signatures). */
const EXPORTED_VALUE = /^export (?:async )?(?:const|let|function|class|enum|abstract class) ([A-Za-z_$][\w$]*)/gm;

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed.split('\0').filter((file) => /\.(ts|tsx|mts|mjs|js)$/.test(file) && !file.includes('node_modules/'));
}

describe('dead code', () => {
  it('every value product code exports is used somewhere (product, tests, bench or scripts)', () => {
    const texts = new Map(sourceFiles().map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
    const uses = new Map<string, number>();
    for (const text of texts.values()) {
      for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) uses.set(word, (uses.get(word) ?? 0) + 1);
    }
    const dead: string[] = [];
    for (const [file, text] of texts) {
      if (!PRODUCT.test(file) || TEST_FILE.test(file)) continue;
      for (const [, name = ''] of text.matchAll(EXPORTED_VALUE)) {
        // Its declaration is its only mention in the whole repository.
        if (uses.get(name) === 1) dead.push(`${file}: ${name}`);
      }
    }
    expect(dead).toEqual([]);
  });
});
