/** Sites the app links to (platform dashboards, docs). Anything else stays closed. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'youtube.com',
  'studio.youtube.com',
  'twitch.tv',
  'dashboard.twitch.tv',
  'facebook.com',
  'kick.com',
  'ffmpeg.org',
  'github.com',
];

/** True for an https URL, without credentials, on an allow-listed host or one of its subdomains. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  const host = parsed.hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
