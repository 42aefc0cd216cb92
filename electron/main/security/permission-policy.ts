import type { Session } from 'electron';

/**
 * What the app's own page may use without asking: writing a link to the clipboard and putting
 * the preview in fullscreen. Camera, microphone, geolocation, page notifications… are denied;
 * native notifications come from main, not from pages.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write', 'fullscreen'];

export interface PermissionPolicyOptions {
  isAppUrl: (url: string) => boolean;
  granted?: readonly string[];
}

export function installPermissionPolicy(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  options: PermissionPolicyOptions,
): void {
  const granted = options.granted ?? GRANTED_PERMISSIONS;
  const allows = (permission: string, url: string | undefined): boolean =>
    granted.includes(permission) && url !== undefined && options.isAppUrl(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allows(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allows(permission, requestingOrigin));
}
