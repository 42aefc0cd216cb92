/**
 * The chat's words on the watch page (plain DOM, no i18next there), in English and French, with
 * every refusal in both: one table, both languages required, as shared/outputs/watch-text.ts.
 */
import { CHAT_REFUSALS, type ChatRefusalCode } from './chat-protocol';

const EN = {
  title: 'Chat',
  nameLabel: 'Your name in the chat',
  join: 'Join the chat',
  messageLabel: 'Message',
  send: 'Send',
  pinned: 'Pinned',
  empty: 'No messages yet: say hello.',
  connecting: 'Connecting to the chat…',
  offline: 'The chat is reconnecting…',
  present: (n: number) => (n === 1 ? '1 in the chat' : `${n} in the chat`),
  react: (emoji: string) => `React with ${emoji}`,
  slowMode: (s: number) => `Slow mode: one message every ${s} s`,
  refusals: CHAT_REFUSALS,
};

const FR: typeof EN = {
  title: 'Discussion',
  nameLabel: 'Votre nom dans la discussion',
  join: 'Rejoindre la discussion',
  messageLabel: 'Message',
  send: 'Envoyer',
  pinned: 'Épinglé',
  empty: 'Pas encore de message : dites bonjour.',
  connecting: 'Connexion à la discussion…',
  offline: 'La discussion se reconnecte…',
  present: (n: number) => `${n} dans la discussion`,
  react: (emoji: string) => `Réagir avec ${emoji}`,
  slowMode: (s: number) => `Mode lent : un message toutes les ${s} s`,
  refusals: {
    invalid: 'Cette demande n’est pas comprise par la discussion.',
    tooLarge: 'Ce message est trop gros pour être lu.',
    rateLimited: 'Vous envoyez trop vite : patientez un instant.',
    empty: 'Un message vide n’est pas envoyé.',
    tooLong: 'Les messages font 500 caractères au plus.',
    unreadable: 'Ce texte empile trop de signes ou de caractères géants pour être affiché.',
    filtered: 'Votre message contient un mot que cette discussion n’accepte pas.',
    slowMode: 'Le mode lent est actif : patientez avant votre prochain message.',
    muted: 'Vous êtes réduit au silence pour le moment.',
    banned: 'Vous êtes banni de cette discussion.',
    forbidden: 'Seuls les modérateurs de cette discussion peuvent faire cela.',
    notFound: 'Ce message ou cette personne n’est pas dans la discussion.',
    nameInvalid: 'Les noms ont 2 à 24 lettres, chiffres, espaces, _ - ou .',
    nameReserved: 'Ce nom est réservé aux modérateurs : choisissez-en un autre.',
    nameTaken: 'Quelqu’un dans la discussion utilise déjà ce nom : choisissez-en un autre.',
    tokenForged: 'Ce lien de discussion n’est pas valable.',
    tokenExpired: 'Ce lien de discussion a expiré : rechargez la page.',
    tokenRevoked: 'Le lien par lequel vous êtes venu a été retiré.',
    tooManyConnections: 'Trop de connexions à la discussion viennent de votre réseau.',
  } satisfies Record<ChatRefusalCode, string>,
};

export type ChatWatchText = typeof EN;

export const CHAT_WATCH_TEXT: Readonly<Record<'en' | 'fr', ChatWatchText>> = Object.freeze({ en: EN, fr: FR });
