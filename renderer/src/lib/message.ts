import { isRpcError } from '@shared/contract/errors';
import { recogniseEngineSentence } from '@shared/messages/recognise';
import type { EngineMessage } from '@shared/messages/engine-message';

import type { TFunction } from 'i18next';

/** What `messageOf` needs of i18next (`useTranslation().i18n`, or the app's instance). */
export interface Translator {
  readonly t: TFunction;
  readonly language: string;
  exists(key: string): boolean;
}

/** Where the renderer keeps a catalog code's translation: `lives.notFound` → `livesMessages.notFound`. */
export function messageKeyOf(code: string): string | null {
  const match = /^([a-z][A-Za-z]*)\.([A-Za-z][A-Za-z0-9]*)$/.exec(code);
  return match ? `${match[1]}Messages.${match[2]}` : null;
}

/** What an FFmpeg exit is about when it is not a destination's own name (shared/ffmpeg/classify.ts). */
const TARGETS: Readonly<Record<string, string>> = {
  'the source': 'source',
  'The source': 'sourceStart',
  'the destination': 'destination',
  'The destination': 'destinationStart',
};

/**
 * Parameters that are themselves catalog sentences, or lists of them joined by the separator
 * given here (a run's encoding reasons, why the machine is saturated, an FFmpeg reason inside a
 * retry note): each part the catalog made is shown in the UI language.
 */
const SENTENCE_PARAMS: Readonly<Record<string, string | null>> = {
  reasons: '; ',
  busy: ', ',
  problems: ', ',
  most: ', ',
  tries: null,
  reason: null,
};

function sentenceInWords(value: string, separator: string | null, i18n: Translator): string {
  const parts = separator === null ? [value] : value.split(separator);
  return parts.map((part) => reasonInWords(part, i18n)).join(separator ?? '');
}

/** Parameters that are words of the product (a live's state, field names, the source) are shown in the UI language. */
function shownParams(params: EngineMessage['params'], i18n: Translator): Record<string, string | number> {
  const shown: Record<string, string | number> = { ...params };
  for (const [name, separator] of Object.entries(SENTENCE_PARAMS)) {
    const value = params[name];
    if (typeof value === 'string') shown[name] = sentenceInWords(value, separator, i18n);
  }
  if (typeof params.state === 'string' && i18n.exists(`state.${params.state}`)) shown.state = i18n.t(`state.${params.state}`);
  if (typeof params.target === 'string' && Object.hasOwn(TARGETS, params.target)) {
    shown.target = i18n.t(`ffmpegMessages.targets.${TARGETS[params.target]}`);
  }
  if (typeof params.fields === 'string') {
    shown.fields = params.fields
      .split(', ')
      .map((field) => (i18n.exists(`livesMessages.fields.${field}`) ? i18n.t(`livesMessages.fields.${field}`) : field))
      .join(', ');
  }
  return shown;
}

/** An engine message in the UI language, or null when this renderer has no translation for its code. */
export function translateEngineMessage(message: EngineMessage, i18n: Translator): string | null {
  const key = messageKeyOf(message.code);
  if (key === null || !i18n.exists(key)) return null;
  return i18n.t(key, shownParams(message.params, i18n));
}

/**
 * The sentence of a failure, whatever was thrown, in the UI language when `i18n` is given: an
 * engine error by its message code, or (an older engine, a message with no code yet) by its error
 * code in any language but English, where the engine's own sentence is shown.
 */
export function messageOf(error: unknown, i18n?: Translator): string {
  if (!isRpcError(error) || !i18n) return error instanceof Error ? error.message : String(error);
  if (error.code === 'DISCONNECTED') return i18n.t('connection.notConnected');
  const translated = error.text ? translateEngineMessage(error.text, i18n) : null;
  if (translated !== null) return translated;
  return i18n.language.startsWith('en') ? error.message : i18n.t(`rpcErrors.${error.code}`);
}

/** A run event's sentence in the UI language: by its stored code, else recognised from its English `reason`. */
export function eventReasonInWords(reason: string, text: EngineMessage | undefined, i18n: Translator): string {
  return (text && translateEngineMessage(text, i18n)) ?? reasonInWords(reason, i18n);
}

/** A run's reason in the UI language when the catalog made it, else as the engine wrote it. */
export function reasonInWords(reason: string, i18n: Translator): string {
  const message = recogniseEngineSentence(reason);
  return (message && translateEngineMessage(message, i18n)) ?? reason;
}
