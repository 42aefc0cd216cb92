/** Lower case without accents, as FTS5's remove_diacritics sees it: "Café Télé" → "cafe tele". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
