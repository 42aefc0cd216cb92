/** `“Twitch”`, `“Twitch” and “YouTube”` — `« Twitch » et « YouTube »` in French. */
export function listOfNames(names: readonly string[], locale: string): string {
  const quote = locale.startsWith('fr') ? (n: string) => `« ${n} »` : (n: string) => `“${n}”`;
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names.map(quote));
}
