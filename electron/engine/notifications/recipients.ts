import type { Language } from '@shared/contract/accounts';
import { defaultNoticePreferences, type NoticeKind } from '@shared/contract/notifications';
import type { EngineNotice } from './notice-bus';
import type { Audience } from './templates';

export interface Person {
  /** The account (`local` for the desktop's single owner), whose preferences apply. */
  readonly userId: string;
  readonly email: string;
  readonly language: Language;
}

/** Where people's addresses come from: the accounts table, or the desktop owner's SMTP setting. */
export interface Directory {
  person(userId: string): Person | null;
  admins(): readonly Person[];
}

export interface Recipient {
  readonly person: Person;
  readonly audience: Audience;
}

/** Whether an account wants this kind of notice by e-mail (its preferences). */
export type WantsMail = (userId: string, kind: NoticeKind) => boolean;

const DEFAULTS = defaultNoticePreferences();
export const DEFAULT_MAIL_CHOICE: WantsMail = (_userId, kind) => DEFAULTS.events[kind].email;

/**
 * Who is mailed about a notice: the person it is about (a live's owner, the account registered,
 * approved or refused),
 * and the admins for a live that starts and for a registration — each only if their preferences
 * say so. By default that is the rule of docs/accounts-and-notifications.md: admins for starts and
 * registrations; owners for start, failure, a missed scheduled start, approval. One mail per address: an admin who owns the
 * live gets the owner's version.
 */
export function recipientsOf(
  notice: EngineNotice,
  directory: Directory,
  wantsMail: WantsMail = DEFAULT_MAIL_CHOICE,
): Recipient[] {
  const list: Recipient[] = [];
  const owner = (userId: string): void => {
    const person = directory.person(userId);
    if (person) list.push({ person, audience: 'owner' });
  };
  const admins = (): void => {
    for (const person of directory.admins()) list.push({ person, audience: 'admin' });
  };
  switch (notice.kind) {
    case 'user.registered':
      owner(notice.userId);
      admins();
      break;
    case 'user.approved':
    case 'user.refused':
      owner(notice.userId);
      break;
    case 'live.started':
      owner(notice.ownerId);
      admins();
      break;
    default:
      owner(notice.ownerId);
      break;
  }
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = r.person.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return wantsMail(r.person.userId, notice.kind);
  });
}
