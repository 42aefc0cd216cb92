/**
 * C0 and C1 control characters and DEL (Unicode category Cc), plus the Unicode line and paragraph
 * separators. None belongs in a file path or a URL a person types, and each can end a line in some
 * parser FFmpeg or a protocol uses (an ffconcat list, an HTTP request line): one rule for every
 * path and URL that reaches FFmpeg.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}
