/** One line of a text document, numbered from 1; `tooLong` lines carry no text. */
export interface TextLine {
  readonly n: number;
  readonly text: string;
  readonly tooLong: boolean;
}

/**
 * Splits bytes into lines as they arrive (UTF-8, LF or CRLF), a batch per chunk, so a 200 MB
 * playlist is never one string. A line longer than `maxLineChars` is dropped (reported as
 * `tooLong`) rather than buffered without end. Synchronous, so the M3U worker can feed it the
 * chunks it is posted.
 */
export class LineSplitter {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #maxLineChars: number;
  #partial = '';
  #skipping = false;
  #n = 0;
  #first = true;

  constructor(maxLineChars: number) {
    this.#maxLineChars = maxLineChars;
  }

  push(chunk: Uint8Array): TextLine[] {
    let text = this.#decoder.decode(chunk, { stream: true });
    if (this.#first) {
      text = text.replace(/^\uFEFF/, '');
      this.#first = false;
    }
    const batch: TextLine[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const n = ++this.#n;
      if (this.#skipping) {
        batch.push({ n, text: '', tooLong: true });
        this.#skipping = false;
      } else {
        const line = this.#partial + text.slice(start, end);
        if (line.length > this.#maxLineChars) batch.push({ n, text: '', tooLong: true });
        else batch.push({ n, text: line.endsWith('\r') ? line.slice(0, -1) : line, tooLong: false });
      }
      this.#partial = '';
      start = end + 1;
    }
    if (!this.#skipping) {
      this.#partial += text.slice(start);
      if (this.#partial.length > this.#maxLineChars) {
        this.#partial = '';
        this.#skipping = true;
      }
    }
    return batch;
  }

  /** The last line, when the document does not end with a newline. */
  end(): TextLine[] {
    const rest = this.#partial + this.#decoder.decode();
    if (this.#skipping) return [{ n: this.#n + 1, text: '', tooLong: true }];
    if (rest.length > 0) return [{ n: this.#n + 1, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, tooLong: false }];
    return [];
  }
}

/** `LineSplitter` over a byte stream, a batch of lines per chunk. */
export async function* readLines(chunks: AsyncIterable<Uint8Array>, maxLineChars: number): AsyncGenerator<TextLine[]> {
  const splitter = new LineSplitter(maxLineChars);
  for await (const chunk of chunks) {
    const batch = splitter.push(chunk);
    if (batch.length > 0) yield batch;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
