/** One line of a text document, numbered from 1; `tooLong` lines carry no text. */
export interface TextLine {
  readonly n: number;
  readonly text: string;
  readonly tooLong: boolean;
}

/**
 * Split a byte stream into lines as it arrives (UTF-8, LF or CRLF), a batch per chunk, so a
 * 200 MB playlist is never one string. A line longer than `maxLineChars` is dropped (reported
 * as `tooLong`) rather than buffered without end.
 */
export async function* readLines(chunks: AsyncIterable<Buffer>, maxLineChars: number): AsyncGenerator<TextLine[]> {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  let skipping = false;
  let n = 0;
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.decode(chunk, { stream: true });
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    const batch: TextLine[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      n++;
      if (skipping) {
        batch.push({ n, text: '', tooLong: true });
        skipping = false;
      } else {
        const line = partial + text.slice(start, end);
        if (line.length > maxLineChars) batch.push({ n, text: '', tooLong: true });
        else batch.push({ n, text: line.endsWith('\r') ? line.slice(0, -1) : line, tooLong: false });
      }
      partial = '';
      start = end + 1;
    }
    if (!skipping) {
      partial += text.slice(start);
      if (partial.length > maxLineChars) {
        partial = '';
        skipping = true;
      }
    }
    if (batch.length > 0) yield batch;
  }
  const rest = partial + decoder.decode();
  if (skipping) yield [{ n: n + 1, text: '', tooLong: true }];
  else if (rest.length > 0) yield [{ n: n + 1, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, tooLong: false }];
}
