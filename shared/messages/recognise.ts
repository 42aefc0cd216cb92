import { MESSAGES } from './catalog';
import type { EngineMessage } from './engine-message';

/** Each catalog template as a pattern that reads its parameters back out of the English sentence. */
const PATTERNS = Object.entries(MESSAGES)
  .map(([code, template]) => {
    const names: string[] = [];
    const source = template
      .split(/\{\{\s*(\w+)\s*\}\}/)
      .map((part, i) => {
        if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(part);
        return '(.+?)';
      })
      .join('');
    return { code, names, pattern: new RegExp(`^${source}$`), literal: template.replace(/\{\{\s*\w+\s*\}\}/g, '').length };
  })
  // The most specific first: `already {{state}}.` also matches `already live; stop it first.`
  .sort((a, b) => b.literal - a.literal);

/**
 * The catalog message an English sentence was made from, or null. Sentences kept as text (a run's
 * stored reason, a zod issue's message) are read back to their code this way, so the UI can show
 * them in its language, and history written before a code was stored is translated too.
 */
export function recogniseEngineSentence(sentence: string): EngineMessage | null {
  for (const { code, names, pattern } of PATTERNS) {
    const match = pattern.exec(sentence);
    if (match) return { code, params: Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ''])) };
  }
  return null;
}
