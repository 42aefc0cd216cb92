import type { Language } from '@shared/contract/accounts';
import type { Severity } from '@shared/contract/notifications';
import type { EngineNotice } from './notice-bus';

/** Who a message is written for: the live's owner (or the account concerned), or an admin. */
export type Audience = 'owner' | 'admin';

export interface RenderedNotice {
  readonly subject: string;
  readonly text: string;
}

export const SEVERITY: Readonly<Record<EngineNotice['kind'], Severity>> = {
  'live.started': 'info',
  'live.ended': 'info',
  'live.failed': 'error',
  'live.reconnecting': 'warning',
  'live.degraded': 'warning',
  'schedule.missed': 'warning',
  'preflight.warning': 'warning',
  'user.registered': 'info',
  'user.approved': 'info',
  'user.refused': 'info',
};

function when(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return `${format.format(date)} UTC`;
}

const SIGNATURE = '\n\n— LiveManager';

/** The e-mail body: the notice's text and a signature line. */
export function mailBody(text: string): string {
  return text + SIGNATURE;
}

/**
 * The subject and plain-text body of a notice in the recipient's language. `ownerEmail` names
 * the streamer in messages written for admins.
 */
export function renderNotice(notice: EngineNotice, language: Language, audience: Audience, ownerEmail?: string): RenderedNotice {
  const fr = language === 'fr';
  const done = (subject: string, text: string): RenderedNotice => ({ subject, text });
  switch (notice.kind) {
    case 'live.started': {
      const t = notice.title;
      if (audience === 'admin') {
        const who = ownerEmail ?? notice.ownerId;
        return fr
          ? done(`Live démarré : « ${t} »`, `Le live « ${t} » de ${who} est à l'antenne.`)
          : done(`Live started: "${t}"`, `The live "${t}" by ${who} is on air.`);
      }
      return fr
        ? done(`Votre live « ${t} » est à l'antenne`, `Votre live « ${t} » a démarré et est à l'antenne.`)
        : done(`Your live "${t}" is on air`, `Your live "${t}" has started and is on air.`);
    }
    case 'live.failed':
      return fr
        ? done(
            `Votre live « ${notice.title} » a échoué`,
            `Votre live « ${notice.title} » s'est arrêté sur une erreur :\n\n${notice.reason}\n\nOuvrez LiveManager pour voir l'historique de ses diffusions.`,
          )
        : done(
            `Your live "${notice.title}" failed`,
            `Your live "${notice.title}" stopped with an error:\n\n${notice.reason}\n\nOpen LiveManager to see its run history.`,
          );
    case 'live.ended':
      return fr
        ? done(`Votre live « ${notice.title} » est terminé`, `Votre live « ${notice.title} » est terminé.`)
        : done(`Your live "${notice.title}" has ended`, `Your live "${notice.title}" has ended.`);
    case 'live.reconnecting':
      return fr
        ? done(
            `Votre live « ${notice.title} » se reconnecte sans cesse`,
            `Votre live « ${notice.title} » s'est reconnecté ${notice.count} fois en ${notice.windowMinutes} minutes. Vérifiez la source et la connexion vers la plateforme.`,
          )
        : done(
            `Your live "${notice.title}" keeps reconnecting`,
            `Your live "${notice.title}" reconnected ${notice.count} times in ${notice.windowMinutes} minutes. Check the source and the connection to the platform.`,
          );
    case 'live.degraded': {
      const speed = notice.speed.toFixed(2);
      return fr
        ? done(
            `Votre live « ${notice.title} » ne suit plus le temps réel`,
            `Votre live « ${notice.title} » tourne à ${speed.replace('.', ',')}× le temps réel : la machine est surchargée et les spectateurs peuvent voir des saccades. Réduisez le nombre de lives encodés ou choisissez un préréglage plus léger.`,
          )
        : done(
            `Your live "${notice.title}" is falling behind real time`,
            `Your live "${notice.title}" runs at ${speed}× real time: the machine is overloaded and viewers may see stalls. Run fewer encoded lives or pick a lighter preset.`,
          );
    }
    case 'schedule.missed':
      return fr
        ? done(
            `Démarrage programmé manqué : « ${notice.title} »`,
            `Le live « ${notice.title} » devait démarrer le ${when(notice.dueAt, language)}, alors que le moteur était arrêté. Il n'a pas été lancé.`,
          )
        : done(
            `Scheduled start missed: "${notice.title}"`,
            `The live "${notice.title}" was due to start on ${when(notice.dueAt, language)} while the engine was not running. It was not started.`,
          );
    case 'preflight.warning': {
      const list = notice.problems.map((p) => `- ${p}`).join('\n');
      return fr
        ? done(
            `Vérifiez votre live « ${notice.title} » avant son démarrage`,
            `Le contrôle avant démarrage du live « ${notice.title} » a trouvé des problèmes :\n\n${list}`,
          )
        : done(
            `Check your live "${notice.title}" before it starts`,
            `The pre-flight check of the live "${notice.title}" found problems:\n\n${list}`,
          );
    }
    case 'user.registered':
      // The registrant's own copy: the request arrived and waits for an admin.
      if (audience === 'owner') {
        return fr
          ? done(
              'Votre inscription à LiveManager est reçue',
              `Votre inscription (${notice.email}) attend l'approbation d'un administrateur. Vous recevrez un e-mail dès qu'il aura décidé.`,
            )
          : done(
              'Your LiveManager registration was received',
              `Your registration (${notice.email}) is waiting for an admin's approval. You will get an e-mail as soon as they decide.`,
            );
      }
      return fr
        ? done(
            `Nouveau compte en attente d'approbation : ${notice.email}`,
            `${notice.email} s'est inscrit sur LiveManager. Approuvez ou révoquez ce compte depuis la page Utilisateurs.`,
          )
        : done(
            `New account waiting for approval: ${notice.email}`,
            `${notice.email} registered on LiveManager. Approve or revoke the account from the Users page.`,
          );
    case 'user.approved':
      return fr
        ? done(
            'Votre compte LiveManager est approuvé',
            `Un administrateur a approuvé votre compte (${notice.email}). Vous pouvez maintenant créer et lancer des lives.`,
          )
        : done(
            'Your LiveManager account is approved',
            `An admin approved your account (${notice.email}). You can now create and run lives.`,
          );
    case 'user.refused':
      return fr
        ? done(
            "Votre inscription à LiveManager n'a pas été acceptée",
            `Un administrateur n'a pas accepté votre inscription (${notice.email}). Contactez-le si vous pensez que c'est une erreur.`,
          )
        : done(
            'Your LiveManager registration was not accepted',
            `An admin did not accept your registration (${notice.email}). Contact them if you think this is a mistake.`,
          );
  }
}

export function renderTestEmail(language: Language): RenderedNotice {
  return language === 'fr'
    ? {
        subject: 'E-mail de test LiveManager',
        text: mailBody('Si vous lisez ceci, les réglages SMTP de LiveManager fonctionnent.'),
      }
    : { subject: 'LiveManager test e-mail', text: mailBody("If you can read this, LiveManager's SMTP settings work.") };
}
