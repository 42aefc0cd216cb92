import type { LibraryItem } from '@shared/contract/library';
import type { Live } from '@shared/contract/lives';
import { describe, expect, it } from 'vitest';
import { draftFromLive, liveFieldsFromDraft } from '../lives/live-draft';
import { liveDraftFromItems } from './library-draft';

const item = (name: string): LibraryItem => ({ id: name, name, path: `/media/${name}` }) as LibraryItem;

describe('library items into the live dialog', () => {
  it('one item: a file source with its audio language and burnt-in subtitles, titled after the file', () => {
    const draft = liveDraftFromItems([item('Concert.mkv')], { audioLanguage: 'fra', burnInLanguage: 'fra' }, 'Preview');
    expect(draft.title).toBe('Concert');
    expect(liveFieldsFromDraft(draft).source).toEqual({
      kind: 'file',
      path: '/media/Concert.mkv',
      audioLanguage: 'fra',
      burnInSubtitles: { language: 'fra' },
    });
  });

  it('several items: a playlist in the order picked (subtitles are for one file only)', () => {
    const draft = liveDraftFromItems([item('b.mp4'), item('a.mp4')], { audioLanguage: 'eng', burnInLanguage: 'eng' }, 'Preview');
    expect(liveFieldsFromDraft({ ...draft, source: { ...draft.source, shuffle: true } }).source).toEqual({
      kind: 'playlist',
      paths: ['/media/b.mp4', '/media/a.mp4'],
      audioLanguage: 'eng',
      shuffle: true,
    });
  });

  it('a saved live edited again keeps its language choices', () => {
    const draft = liveDraftFromItems([item('x.mkv')], { audioLanguage: 'deu', burnInLanguage: 'eng' }, 'Preview');
    const fields = liveFieldsFromDraft(draft);
    const live = {
      ...fields,
      destinations: [],
      id: 'l1',
      ownerId: 'local',
      state: 'draft',
      createdAt: '',
      updatedAt: '',
    } as unknown as Live;
    expect(liveFieldsFromDraft(draftFromLive(live, 'UTC')).source).toEqual(fields.source);
  });
});
