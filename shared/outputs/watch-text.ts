/**
 * The words of the viewers' side (the watch page, the pages refusing a link), in French and
 * English. Shared by the engine, which renders the first paint and the refusals, and by the
 * watch page's script, which updates the status: one table, both languages required.
 */
export type WatchLanguage = 'en' | 'fr';

export type Refusal = 'missing' | 'forged' | 'expired' | 'revoked' | 'full' | 'limited' | 'notFound';

const EN = {
  live: 'Live',
  slate: 'Back soon',
  slateDetail: 'The stream will be back in a moment. Stay on this page: it resumes by itself.',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  unsupported: 'This browser cannot play live video (HLS). Try a recent Firefox, Chrome, Edge or Safari.',
  viewers: (n: number) => (n === 1 ? '1 viewer' : `${n} viewers`),
  refusedTitle: 'This link does not work',
  refusal: {
    missing: 'This stream can only be watched with a link from whoever shares it.',
    forged: 'This link is not valid. Check that it was copied in full, or ask for a new one.',
    expired: 'This link has expired. Ask whoever shared it for a new one.',
    revoked: 'This link was withdrawn by whoever shared it.',
    full: 'This link already has as many viewers as it allows. Try again later.',
    limited: 'Too many invalid links came from your network. Try again in a few minutes.',
    notFound: 'There is no stream at this address.',
  } satisfies Record<Refusal, string>,
};

const FR: typeof EN = {
  live: 'En direct',
  slate: 'De retour bientôt',
  slateDetail: 'Le direct revient dans un instant. Restez sur cette page : la lecture reprend toute seule.',
  connecting: 'Connexion…',
  reconnecting: 'Reconnexion…',
  unsupported: 'Ce navigateur ne sait pas lire la vidéo en direct (HLS). Essayez un Firefox, Chrome, Edge ou Safari récent.',
  viewers: (n: number) => (n <= 1 ? `${n} spectateur` : `${n} spectateurs`),
  refusedTitle: 'Ce lien ne fonctionne pas',
  refusal: {
    missing: 'Ce direct ne se regarde qu’avec un lien donné par la personne qui le partage.',
    forged: 'Ce lien n’est pas valable. Vérifiez qu’il a été copié en entier, ou demandez-en un nouveau.',
    expired: 'Ce lien a expiré. Demandez-en un nouveau à la personne qui l’a partagé.',
    revoked: 'Ce lien a été retiré par la personne qui l’a partagé.',
    full: 'Ce lien a déjà autant de spectateurs qu’il en permet. Réessayez plus tard.',
    limited: 'Trop de liens non valables sont venus de votre réseau. Réessayez dans quelques minutes.',
    notFound: 'Il n’y a pas de direct à cette adresse.',
  },
};

export type WatchText = typeof EN;

export const WATCH_TEXT: Readonly<Record<WatchLanguage, WatchText>> = Object.freeze({ en: EN, fr: FR });

/** French when the browser prefers it (`Accept-Language` or `navigator.languages`), else English. */
export function watchLanguage(preferences: readonly string[]): WatchLanguage {
  for (const tag of preferences) {
    const primary = tag.trim().toLowerCase().split(/[-_;]/)[0];
    if (primary === 'fr') return 'fr';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/** `fr-CH, fr;q=0.9, en;q=0.8` → `['fr-CH', 'fr', 'en']`, most preferred first. */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((t) => t.tag !== '' && t.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((t) => t.tag);
}

/** The watch page's configuration, embedded in its HTML as JSON. */
export interface WatchConfig {
  readonly slug: string;
  readonly title: string;
  readonly language: WatchLanguage;
  /** Playlist address with a short-lived play token, relative to the page. */
  readonly playlist: string;
  /** Where to ask for a fresh play token and the stream's state, relative to the page. */
  readonly state: string;
  /** Ask again this often (seconds), well before the play token expires. */
  readonly renewEverySec: number;
  readonly feed: 'live' | 'slate';
  readonly liveTitle: string | null;
}

/** What `/watch/<output>/state` answers. */
export type WatchState =
  | {
      readonly ok: true;
      readonly title: string;
      readonly feed: 'live' | 'slate';
      readonly liveTitle: string | null;
      readonly viewers: number;
      readonly playlist: string;
    }
  | { readonly ok: false; readonly refusal: Refusal; readonly message: string };
