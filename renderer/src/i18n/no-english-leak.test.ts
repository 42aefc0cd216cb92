import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { RunEvent } from '@shared/contract/lives';
import { MESSAGES, placeholdersOf, type MessageCode } from '@shared/messages/catalog';
import { englishOf, type EngineMessage } from '@shared/messages/engine-message';
import { planEncoding } from '@shared/ffmpeg/encoding';
import { CONSERVATIVE_LIMITS } from '@shared/ffmpeg/platforms';
import type { ProbeResult, ProbedAudio } from '@shared/ffmpeg/probe-result';
import { eventReasonInWords, messageOf, type Translator } from '../lib/message';
import { reasonsShownOnce } from '../lives/run-timeline';
import { TRANSLATIONS } from './resources';

// The French UI must show no English sentence from the engine. Each check below renders engine
// text the way the screens do (an error, a run's timeline) and looks for any run of English words
// from the catalog's templates in the result.

/** English pieces of every template (the text between placeholders) long enough to be telling. */
const ENGLISH_PIECES = [
  ...new Set(
    Object.values(MESSAGES).flatMap((template) =>
      template
        .split(/\{\{\s*\w+\s*\}\}/)
        .map((piece) => piece.trim().replace(/^[\s,.;:()—-]+|[\s,.;:()—-]+$/g, ''))
        .filter((piece) => piece.split(/\s+/).length >= 3),
    ),
  ),
];

function englishIn(text: string): string[] {
  return ENGLISH_PIECES.filter((piece) => text.includes(piece));
}

/** Sample parameters: plain tokens that are no language's words. */
function sampleParams(code: MessageCode): Record<string, string | number> {
  return Object.fromEntries(placeholdersOf(MESSAGES[code]).map((name) => [name, name === 'state' ? 'live' : 7]));
}

const fr = i18next.createInstance();
beforeAll(async () => {
  await fr.init({ resources: { fr: { translation: TRANSLATIONS.fr } }, lng: 'fr', fallbackLng: false });
});
const i18n = (): Translator => fr;

describe('no English in the French UI', () => {
  it('the detector finds English: an untranslated sentence is caught', () => {
    expect(englishIn(englishOf({ code: 'runs.passthrough', params: {} }))).not.toEqual([]);
  });

  it.each(Object.keys(MESSAGES) as MessageCode[])('an error or note with code %s reads in French', (code) => {
    const text: EngineMessage = { code, params: sampleParams(code) };
    const error = RpcError.of('INVALID_STATE', text);
    const shown = messageOf(RpcError.fromPayload(error.toPayload()), i18n());
    expect(englishIn(shown), shown).toEqual([]);
    expect(shown).not.toBe(englishOf(text));
  });

  it('a run timeline with every kind of note, nested reasons included, reads in French', () => {
    const probe = (codec: string, level: number, audio: string): ProbeResult => ({
      formatName: 'mov,mp4',
      durationSec: 60,
      bitRate: 90_000_000,
      video: [{ index: 0, codec, profile: null, pixelFormat: 'yuv420p', width: 7680, height: 4320, fps: 120, level }],
      audio: [{ index: 1, codec: audio, channels: 6 } as ProbedAudio],
    });
    const destinations = [{ label: 'Custom', limits: CONSERVATIVE_LIMITS }];
    // Beyond a platform's limits (8K, level 6.0, 120 fps), then another codec, then a preset.
    const reasons = [
      ...planEncoding({ mode: 'auto' }, probe('h264', 60, 'ac3'), { destinations }).reasons,
      ...planEncoding({ mode: 'auto' }, probe('hevc', 60, 'aac'), { destinations }).reasons,
      ...planEncoding({ mode: 'auto' }, null).reasons,
    ];
    const note = (code: MessageCode, params: Record<string, string | number> = {}): RunEvent => {
      const text = { code, params };
      return { at: '2026-03-29T18:00:00.000Z', kind: 'note', reason: englishOf(text), text };
    };
    const refused = englishOf({ code: 'ffmpeg.connectionRefused', params: { target: 'The source' } });
    const events: RunEvent[] = [
      note('runs.encoding', { reasons: reasons.join('; ') }),
      note('runs.saturatedWaiting', {
        busy: [
          englishOf({ code: 'runs.busyLoad', params: { load: '3.5' } }),
          englishOf({ code: 'runs.busySlowLives', params: { count: 2 } }),
        ].join(', '),
      }),
      note('runs.roomAgain'),
      note('runs.sourceRetrying', { seconds: 4, attempt: 2, reason: refused }),
      note('runs.degraded', { speed: '0.48×', seconds: 10 }),
      note('runs.backToRealTime', { speed: '1.00×' }),
      note('runs.stoppedSendingTo', { name: 'Twitch' }),
      // Written before notes had codes: recognised from its English.
      { at: '2026-03-29T18:00:00.000Z', kind: 'note', reason: 'Sending the source as it is (no re-encoding).' },
      { at: '2026-03-29T18:00:00.000Z', kind: 'restart', reason: refused },
    ];
    expect(reasons.length).toBeGreaterThan(4);
    const { byEvent } = reasonsShownOnce(events, undefined);
    for (const [index, event] of events.entries()) {
      const shown = eventReasonInWords(byEvent[index] ?? event.reason ?? '', event.text, i18n());
      expect(englishIn(shown), shown).toEqual([]);
    }
  });
});
