import type { LibraryItem } from '@shared/contract/library';
import { browserTimeZone, emptyDraft, type LiveDraft } from '../lives/live-draft';

/**
 * The live dialog's draft for library items: one item is a file source (with its chosen audio
 * language and burnt-in subtitles), several are a playlist in the order given.
 */
export function liveDraftFromItems(
  items: readonly LibraryItem[],
  choice: { audioLanguage?: string; burnInLanguage?: string },
  previewName: string,
): LiveDraft {
  const draft = emptyDraft(browserTimeZone(), previewName);
  const [first] = items;
  const title = first ? first.name.replace(/\.[^.]+$/, '') : '';
  const common = { ...draft.source, audioLanguage: choice.audioLanguage ?? '', burnInLanguage: choice.burnInLanguage ?? '' };
  if (items.length === 1 && first) return { ...draft, title, source: { ...common, kind: 'file', path: first.path } };
  return {
    ...draft,
    title,
    source: { ...common, kind: 'playlist', paths: items.map((i) => i.path).join('\n'), burnInLanguage: '' },
  };
}
