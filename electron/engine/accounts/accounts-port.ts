import type { Language } from '@shared/contract/accounts';

/** How to reach a person: what notices are mailed with. */
export interface AccountContact {
  /** The account, whose notification preferences apply. */
  readonly userId: string;
  readonly email: string;
  readonly language: Language;
}

/** What the accounts domain offers the others (the notifications domain's recipients). */
export interface AccountsPort {
  /** The contact of an account, or null when there is no such account. */
  contactOf(userId: string): AccountContact | null;
  /** Every approved admin's contact. */
  adminContacts(): AccountContact[];
}
