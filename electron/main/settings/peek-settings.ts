import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Read one flag before the settings store (and the secret store it needs for migrations) exists:
 * whether the user accepted unprotected secret storage. Anything unreadable means "no".
 */
export function peekAllowUnprotectedSecrets(dir: string): boolean {
  try {
    const raw = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { allowUnprotectedSecrets?: unknown };
    return raw.allowUnprotectedSecrets === true;
  } catch {
    return false;
  }
}
