import type { ImportWarnings } from '@shared/contract/iptv';

const EXAMPLES = 20;

/** Counts every skipped or leniently read entry, keeps the first few for the provider's status. */
export class WarningLog {
  #count = 0;
  readonly #examples: { line: number; message: string }[] = [];

  add(line: number, message: string): void {
    this.#count++;
    if (this.#examples.length < EXAMPLES) this.#examples.push({ line, message });
  }

  /** Add another log's warnings (the M3U worker's), as if they had been added here. */
  absorb(other: ImportWarnings): void {
    this.#count += other.count;
    for (const example of other.examples) {
      if (this.#examples.length < EXAMPLES) this.#examples.push(example);
    }
  }

  get count(): number {
    return this.#count;
  }

  summary(): ImportWarnings {
    return { count: this.#count, examples: [...this.#examples] };
  }
}
