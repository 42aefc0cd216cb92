import type { Language } from '@shared/contract/accounts';
import type { EngineNotice } from './notice-bus';
import type { Audience } from './templates';

export interface Person {
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

/**
 * Who is mailed about a notice (issue rule): admins when any live starts and when someone
 * registers; the owner when their live starts, fails or misses its scheduled start (the
 * streamer is not watching the app then), or their account is approved. Other
 * notices reach people as in-app notifications only. One mail per address: an admin who owns the
 * live gets the owner's version.
 */
export function recipientsOf(notice: EngineNotice, directory: Directory): Recipient[] {
  const list: Recipient[] = [];
  const owner = (userId: string): void => {
    const person = directory.person(userId);
    if (person) list.push({ person, audience: 'owner' });
  };
  const admins = (): void => {
    for (const person of directory.admins()) list.push({ person, audience: 'admin' });
  };
  switch (notice.kind) {
    case 'live.started':
      owner(notice.ownerId);
      admins();
      break;
    case 'live.failed':
    case 'schedule.missed':
      owner(notice.ownerId);
      break;
    case 'user.registered':
      admins();
      break;
    case 'user.approved':
      owner(notice.userId);
      break;
    default:
      break;
  }
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = r.person.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
