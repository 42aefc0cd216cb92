import { messageOf, translateEngineMessage, type Translator } from '../lib/message';
import type { RpcIssue } from '@shared/contract/errors';
import { isRpcError } from '@shared/contract/errors';

/** Messages keyed by the form path they are about: `title`, `destinations.0.url`, `start.cron`. */
export type FieldErrors = Readonly<Record<string, string>>;

export interface SubmitErrors {
  readonly fields: FieldErrors;
  /** What names no field (or a non-validation failure): shown above the form. */
  readonly general: readonly string[];
}

/**
 * Spread an RpcError's INVALID_PARAMS issues over the fields they name. `lives.update` wraps the
 * fields in `patch`, so that prefix is dropped and create and edit share the same keys.
 */
export function submitErrorsOf(error: unknown, i18n?: Translator): SubmitErrors {
  if (!isRpcError(error) || error.code !== 'INVALID_PARAMS' || !error.issues?.length) {
    return { fields: {}, general: [messageOf(error, i18n)] };
  }
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path[0] === 'patch' ? issue.path.slice(1) : issue.path;
    if (path.length === 0) {
      general.push(issueInWords(issue, i18n));
      continue;
    }
    const key = path.join('.');
    fields[key] ??= issueInWords(issue, i18n);
  }
  return { fields, general };
}

/**
 * An issue in the UI language: by its catalog code; an issue without one (zod's own wording) is
 * shown as sent in English and as a generic sentence in any other language, never in English.
 */
export function issueInWords(issue: RpcIssue, i18n: Translator | undefined): string {
  if (!i18n) return issue.message;
  const translated = issue.text ? translateEngineMessage(issue.text, i18n) : null;
  if (translated !== null) return translated;
  return i18n.language.startsWith('en') ? issue.message : i18n.t('fieldErrors.invalid');
}

/** The error for a field, or one about something inside it (`source.paths.3` shows on `source.paths`). */
export function errorAt(errors: FieldErrors, key: string): string | undefined {
  if (errors[key] !== undefined) return errors[key];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return inner === undefined ? undefined : errors[inner];
}

/** The paths the live dialog shows next to a field (see the `name` of each Field). */
const SHOWN_BY_A_FIELD = [
  /^title$/,
  /^source\.(path|paths|url|format)(\.|$)/,
  /^destinations$/,
  /^destinations\.\d+\.(name|streamKey|url)$/,
  /^encoding(\.|$)/,
  /^loop(\.count)?$/,
  /^start\.(at|cron|timeZone)$/,
  /^end(\.(seconds|at|count))?$/,
];

/** Issues no field shows (`destinations.1.kind`, `end.kind`): listed above the form so none is lost. */
export function unplacedErrors(fields: FieldErrors): string[] {
  return Object.entries(fields)
    .filter(([key]) => !SHOWN_BY_A_FIELD.some((pattern) => pattern.test(key)))
    .map(([key, message]) => `${key}: ${message}`);
}

/** The value at a dotted path (`destinations.1.url`) of a plain object tree. */
function valueAt(tree: unknown, key: string): unknown {
  let node = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * The errors still true of what the form holds now: a field changed since it was sent loses its
 * error at once (the streamer fixed it, or is fixing it); the engine judges it again at Save.
 */
export function errorsStillStanding(errors: FieldErrors, sent: unknown, current: unknown): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([key]) => JSON.stringify(valueAt(sent, key)) === JSON.stringify(valueAt(current, key))),
  );
}
