import { shell } from 'electron';
import { RpcError } from '@shared/contract/errors';
import { isAllowedExternalUrl } from './external-links';

/**
 * The app's only door to the system browser: an allow-listed https URL, or nothing. Lint allows
 * `shell.openExternal` in this file alone; Electronegativity flags this call for manual review
 * (OPEN_EXTERNAL_JS_CHECK), reviewed in docs/security.md.
 */
export function openInBrowser(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url))
    return Promise.reject(new RpcError('FORBIDDEN', 'Only https links to known streaming sites open in the browser.'));
  return shell.openExternal(url);
}
