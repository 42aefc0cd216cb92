import type { DatabaseSync } from 'node:sqlite';
import { Email, Password, type User } from '@shared/contract/accounts';
import { RpcError } from '@shared/contract/errors';
import { hashPassword } from './password';
import { publicUser, UserStore } from './user-store';

/**
 * `livemanager-agent create-admin`: make an approved admin, or promote an existing account and
 * reset its password (whoever holds a shell on the agent's machine already owns it).
 */
export async function createAdmin(
  db: DatabaseSync,
  input: { email: string; password: string },
  now: () => number = Date.now,
): Promise<{ user: User; created: boolean }> {
  const email = Email.safeParse(input.email);
  if (!email.success) throw new RpcError('INVALID_PARAMS', `Not a valid e-mail address: ${input.email.slice(0, 254)}`);
  const password = Password.safeParse(input.password);
  if (!password.success) throw new RpcError('INVALID_PARAMS', password.error.issues[0]?.message ?? 'Invalid password.');
  const users = new UserStore(db, now);
  const passwordHash = await hashPassword(password.data);
  const existing = users.byEmail(email.data);
  if (!existing)
    return { user: publicUser(users.create({ email: email.data, passwordHash, language: 'en', admin: true })), created: true };
  users.setPassword(existing.id, passwordHash);
  users.setAdmin(existing.id, true);
  return { user: publicUser(users.require(existing.id)), created: false };
}

/**
 * The password for `create-admin`, read from the first line of stdin — never from argv, where
 * `ps` and shell history would show it. Works for a pipe (`printf … |`) and for a terminal.
 */
export async function readSecretLine(input: NodeJS.ReadableStream, maxBytes = 1024): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl !== -1) return text.slice(0, nl).replace(/\r$/, '');
    if (text.length > maxBytes) throw new RpcError('INVALID_PARAMS', 'The password line is too long.');
  }
  return text.replace(/\r$/, '');
}
