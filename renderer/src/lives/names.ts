/** `Twitch`, `Twitch and YouTube`, `Twitch, YouTube and RTMP server` (et, in French). */
export function listOfNames(names: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names.map((n) => `“${n}”`));
}
