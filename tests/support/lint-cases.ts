import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

export interface LintViolation {
  name: string;
  file: string;
  code: string;
  rule: string;
}
export type LintClean = Omit<LintViolation, 'rule'>;

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

/** Lint a snippet as if it were the file at `filePath` (so the folder's rules apply). */
export async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`Snippet does not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.map((m) => m.ruleId ?? 'unknown');
}

/** Each violation must be reported with its rule; each clean snippet must pass. */
export function describeLintCases(title: string, violations: LintViolation[], clean: LintClean[]): void {
  describe(title, () => {
    it.each(violations)('$name → fails with $rule', async ({ file, code, rule }) => {
      expect(await ruleIdsFor(file, code)).toContain(rule);
    });

    it.each(clean)('$name → passes', async ({ file, code }) => {
      expect(await ruleIdsFor(file, code)).toEqual([]);
    });
  });
}
