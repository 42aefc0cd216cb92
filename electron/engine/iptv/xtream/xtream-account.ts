import type { AccountStatus } from '@shared/contract/iptv';
import { IptvFailure } from '../iptv-failure';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Panels send numbers as numbers, strings, "null" or nothing. */
function intOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

/** The `user_info` object of a player_api.php answer, or null when the answer has none. */
export function userInfoOf(answer: unknown): Json | null {
  if (!isObject(answer)) return null;
  const info = answer.user_info;
  return isObject(info) ? info : null;
}

/**
 * The account as the panel describes it, normalised; throws the specific failure when the panel
 * refused the login (auth: 0), or the account is expired, banned or disabled.
 */
export function accountOf(info: Json, nowMs: number): AccountStatus {
  if (intOf(info.auth) === 0 || info.auth === false) {
    throw new IptvFailure('auth-failed', 'The panel refused the username or password (auth: 0).');
  }
  const word = typeof info.status === 'string' ? info.status.trim().toLowerCase() : '';
  const expSeconds = intOf(info.exp_date);
  const expiresAt = expSeconds !== null && expSeconds > 0 ? new Date(expSeconds * 1000).toISOString() : null;
  const formats = Array.isArray(info.allowed_output_formats)
    ? info.allowed_output_formats.filter((f): f is string => typeof f === 'string').map((f) => f.toLowerCase())
    : [];
  const status: AccountStatus['status'] =
    word === 'active' || word === 'expired' || word === 'banned' || word === 'disabled' ? word : 'unknown';
  const account: AccountStatus = {
    status: status === 'active' && expSeconds !== null && expSeconds > 0 && expSeconds * 1000 < nowMs ? 'expired' : status,
    expiresAt,
    isTrial: intOf(info.is_trial) === 1,
    activeConnections: intOf(info.active_cons),
    maxConnections: intOf(info.max_connections),
    allowedFormats: formats,
    checkedAt: new Date(nowMs).toISOString(),
  };
  if (account.status === 'expired') {
    const when = expiresAt ? ` on ${expiresAt.slice(0, 10)} (UTC)` : '';
    throw new AccountProblem(account, 'account-expired', `The provider account expired${when}; renew the subscription.`);
  }
  if (account.status === 'banned' || account.status === 'disabled') {
    throw new AccountProblem(account, 'account-disabled', `The panel reports the account as ${account.status}.`);
  }
  return account;
}

/** A refused account, with what the panel said about it (shown in the provider's status). */
export class AccountProblem extends IptvFailure {
  constructor(
    readonly account: AccountStatus,
    code: 'account-expired' | 'account-disabled',
    message: string,
  ) {
    super(code, message);
  }
}

/** m3u8 when the account may use it (HLS plays in previews without a remux), else MPEG-TS. */
export function playbackExtension(account: AccountStatus | null): 'm3u8' | 'ts' {
  return account?.allowedFormats.includes('m3u8') ? 'm3u8' : 'ts';
}
