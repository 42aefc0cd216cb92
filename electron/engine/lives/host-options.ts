import { OverloadPolicy } from '@shared/contract/lives';
import { DEFAULT_LIVES_PER_OWNER } from './live-quota';

/** A sanity bound: lists page, but a million lives per account is a typo, not a plan. */
export const MAX_LIVES_PER_OWNER_LIMIT = 100_000;

/** The lives options a host (the agent's `serve`, the web host) takes on its command line. */
export const LIVES_HOST_FLAGS_HELP: readonly string[] = [
  `  --max-lives-per-owner N  lives one account may keep (default ${DEFAULT_LIVES_PER_OWNER}, 1 to ${MAX_LIVES_PER_OWNER_LIMIT})`,
  '  --overload warn|queue    an encoding live started on a saturated machine: warn and start (default),',
  '                           or wait in queued until there is room; an admin setting saved in the app wins',
];

export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; problem: string };

/** `--max-lives-per-owner`: a whole number in range, or the sentence saying what is wrong. */
export function parseLivesCap(text: string | undefined): Parsed<number> {
  if (text === undefined) return { ok: true, value: undefined };
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_LIVES_PER_OWNER_LIMIT) {
    return {
      ok: false,
      problem: `--max-lives-per-owner must be a whole number from 1 to ${MAX_LIVES_PER_OWNER_LIMIT} (got "${text}").`,
    };
  }
  return { ok: true, value };
}

/** `--overload`: `warn` or `queue`. */
export function parseOverloadPolicy(text: string | undefined): Parsed<OverloadPolicy> {
  if (text === undefined) return { ok: true, value: undefined };
  const parsed = OverloadPolicy.safeParse(text);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problem: `--overload is warn or queue (got "${text}").` };
}
