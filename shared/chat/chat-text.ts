/**
 * What a chat message and a chatter's name may be. Messages are plain text, always: the server
 * keeps them as text and every client renders them as text (links found by `chatSegments`),
 * so an HTML payload is shown as the characters it is and never interpreted.
 */

export const CHAT_LIMITS = Object.freeze({
  /** Code points of a message once cleaned. */
  messageMax: 500,
  nameMin: 2,
  nameMax: 24,
  /** Combining marks allowed on one character: accents stack two deep at most in real text (Vietnamese). */
  marksPerChar: 2,
  /** Messages sent on join; older ones page in by this many. */
  historyPage: 50,
});

/** The fixed reactions: a code on the wire, the emoji on screen. */
export const CHAT_REACTIONS = Object.freeze({
  like: '👍',
  love: '❤️',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
  party: '🎉',
});
export type ChatReaction = keyof typeof CHAT_REACTIONS;
export const CHAT_REACTION_CODES = Object.keys(CHAT_REACTIONS) as ChatReaction[];

export type TextProblem = 'empty' | 'tooLong' | 'unreadable';

// Bidi overrides and isolates reorder the text around them (a name shown reversed); zero-width
// characters hide words from the filter. Zero-width joiner stays: emoji sequences need it.
const INVISIBLE = /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/gu;
const CONTROL = /[\p{Cc}]/gu;
const MARK_RUN = /\p{M}+/gu;
/** Characters drawn many times wider than a letter: a few fill a screen. */
const WIDE = /[\uFDFD\u{1242B}\u{12219}\uA9C5\u0BF5\u{1F98F}]/gu;
const WIDE_MAX = 3;

/** The message as it is stored and shown, or why it is refused. Newlines become spaces. */
export function cleanMessage(raw: string): { ok: true; text: string } | { ok: false; problem: TextProblem } {
  const text = raw
    .normalize('NFC')
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (isUnreadable(text)) return { ok: false, problem: 'unreadable' };
  if ([...text].length > CHAT_LIMITS.messageMax) return { ok: false, problem: 'tooLong' };
  return { ok: true, text };
}

/** Zalgo (marks stacked on one character) and runs of oversized glyphs. */
function isUnreadable(text: string): boolean {
  for (const run of text.match(MARK_RUN) ?? []) if ([...run].length > CHAT_LIMITS.marksPerChar) return true;
  return (text.match(WIDE) ?? []).length > WIDE_MAX;
}

export type NameProblem = 'invalid' | 'reserved';

/** Letters, digits, single spaces, `_ - .`; 2 to 24 of them. */
const NAME_SHAPE = /^[\p{L}\p{N}](?:[\p{L}\p{N}_.-]| (?! ))*$/u;
/** Look-alike digits and letters read as the letter they imitate. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
};

/** Words only the chat's staff may appear as (the whole name, or one word of it: `Mod Bob`). */
const RESERVED = ['moderator', 'modo', 'mod', 'admin', 'owner', 'staff', 'system', 'livemanager', 'host'].map((w) =>
  nameSkeleton(w),
);

export function cleanName(raw: string): { ok: true; name: string } | { ok: false; problem: NameProblem } {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const length = [...name].length;
  // Invisible and direction characters are refused, not stripped: a name shows as it was typed.
  const hidden = name.search(INVISIBLE) !== -1;
  if (hidden || length < CHAT_LIMITS.nameMin || length > CHAT_LIMITS.nameMax || !NAME_SHAPE.test(name) || /\p{M}/u.test(name)) {
    return { ok: false, problem: 'invalid' };
  }
  const words = [nameSkeleton(name), ...name.split(/[\s_.-]+/u).map(nameSkeleton)];
  if (words.some((word) => RESERVED.includes(word))) {
    return { ok: false, problem: 'reserved' };
  }
  return { ok: true, name };
}

/**
 * Two names with the same skeleton are the same name in a room: `Mod_Bob`, `m0d bob` and
 * `ＭＯＤ-ＢＯＢ` all read `modbob` (case, width, separators and look-alike digits folded).
 */
export function nameSkeleton(name: string): string {
  return [
    ...name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s_.-]+/g, ''),
  ]
    .map((c) => LOOK_ALIKES[c] ?? c)
    .join('');
}

export type ChatSegment =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly href: string };

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?)\]}'"»]+$/u;

/**
 * The message cut into text and links, for rendering as text nodes and anchors. Only http(s)
 * addresses become links (`javascript:` and friends stay text); `www.` gets `https://`.
 */
export function chatSegments(text: string): ChatSegment[] {
  const segments: ChatSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const found = match[0].replace(TRAILING, '');
    const start = match.index;
    const href = /^www\./i.test(found) ? `https://${found}` : found;
    if (!isHttpUrl(href)) continue;
    if (start > at) segments.push({ kind: 'text', text: text.slice(at, start) });
    segments.push({ kind: 'link', text: found, href });
    at = start + found.length;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return segments;
}

function isHttpUrl(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** Whether `text` contains one of `words` as a whole word (case and look-alikes folded). */
export function containsFilteredWord(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const tokens = new Set(
    text
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}@]+/u)
      .filter((t) => t !== '')
      .map((t) => [...t].map((c) => LOOK_ALIKES[c] ?? c).join('')),
  );
  return words.some((word) => tokens.has(nameSkeleton(word)));
}
