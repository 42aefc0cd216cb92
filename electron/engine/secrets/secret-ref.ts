/**
 * How a database row points at a secret in the SecretStore: `secret:<id>`. Stream keys, URL
 * passwords, IPTV logins and SMTP passwords are all stored this way, never in the database.
 */
export const SECRET_REF_PREFIX = 'secret:';

/** The reference a row stores for the secret saved under `id`. */
export function secretRefOf(id: string): string {
  return `${SECRET_REF_PREFIX}${id}`;
}

/** The SecretStore id behind a reference; throws on anything that is not one (a bug, never input). */
export function secretIdOf(ref: string): string {
  if (!ref.startsWith(SECRET_REF_PREFIX)) throw new Error(`Not a secret reference: ${ref.slice(0, 40)}`);
  return ref.slice(SECRET_REF_PREFIX.length);
}
