import type { NoticeKind, Notification } from '@shared/contract/notifications';
import { RpcError } from '@shared/contract/errors';
import type { AccountsPort } from '../accounts/accounts-port';
import { callerOf, LOCAL_OWNER, type CallContext } from '../context';
import type { EngineDeps, EngineModule } from '../module';
import { MailOutbox, type RetryPolicy } from './mail-outbox';
import { notificationsMigrations } from './migrations';
import { NoticePreferencesStore } from './notice-preferences';
import type { EngineNotice } from './notice-bus';
import { recipientsOf, type Directory, type Person } from './recipients';
import { ReconnectWatch, type ReconnectLimits } from './reconnect-watch';
import { SmtpSettingsStore } from './smtp-settings';
import { describeSmtpError, sendWithNodemailer, type MailSender } from './smtp-transport';
import { mailBody, renderNotice, renderTestEmail, SEVERITY } from './templates';
import { engineMessage } from '@shared/messages/engine-message';

export interface NotificationsOptions {
  retry?: RetryPolicy;
  maxQueued?: number;
  reconnect?: ReconnectLimits;
  /** Replaces nodemailer (tests that count attempts); the default speaks real SMTP. */
  send?: MailSender;
}

/**
 * Turns engine notices into `notification` events (native notifications on the desktop) and
 * e-mails through the SMTP relay the admin configured. Mail goes through a persisted outbox, so
 * nothing here can delay or fail the live a notice is about.
 */
export function notificationsModule(options: NotificationsOptions = {}): EngineModule<'notifications'> {
  return {
    name: 'notifications',
    migrations: notificationsMigrations,
    build(deps) {
      const settings = new SmtpSettingsStore(deps.db, deps.secrets);
      const send = options.send ?? sendWithNodemailer;
      const box = new MailOutbox({
        db: deps.db,
        settings,
        send,
        log: deps.log,
        onStatus: (status) => deps.events.emit('notifications.status', status),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.maxQueued ? { maxQueued: options.maxQueued } : {}),
      });
      const directory = directoryOf(deps, settings);
      const preferences = new NoticePreferencesStore(deps.db);
      // The single-owner engine's one person is the local owner, whatever transport calls.
      const accountOf = (ctx: CallContext): string => callerOf(ctx).userId;
      const deliver = (notice: EngineNotice): void => {
        const subjectId = 'ownerId' in notice ? notice.ownerId : notice.userId;
        const language = directory.person(subjectId)?.language ?? settings.view()?.language ?? 'en';
        const shown = renderNotice(notice, language, notice.kind === 'user.registered' ? 'admin' : 'owner');
        const event: Notification = {
          kind: notice.kind,
          title: shown.subject,
          body: shown.text,
          severity: SEVERITY[notice.kind],
          at: new Date(deps.now()).toISOString(),
        };
        if ('liveId' in notice) event.liveId = notice.liveId;
        event.userId = subjectId;
        // A registration is news for the admins: their own copy of the app decides.
        if (notice.kind !== 'user.registered') event.desktop = preferences.wants(subjectId, notice.kind, 'desktop');
        deps.events.emit('notification', event);
        const ownerEmail = 'ownerId' in notice ? directory.person(notice.ownerId)?.email : undefined;
        const wantsMail = (userId: string, kind: NoticeKind): boolean => preferences.wants(userId, kind, 'email');
        for (const { person, audience } of recipientsOf(notice, directory, wantsMail)) {
          const mail = renderNotice(notice, person.language, audience, ownerEmail);
          // A title may hold a line break; a subject must not (it is a header).
          box.enqueue({ to: person.email, subject: mail.subject.replace(/[\r\n]+/g, ' '), text: mailBody(mail.text) });
        }
      };
      const watch = new ReconnectWatch((n) => deps.notices.emit(n), deps.now, options.reconnect);
      let closed = false;
      const unsubscribers: (() => void)[] = [];

      return {
        handlers: {
          'notifications.getSmtp': () => ({ smtp: settings.view() }),
          'notifications.setSmtp': async (input) => {
            const saved = await settings.save(input);
            box.wake();
            deps.events.emit('notifications.status', box.status());
            return saved;
          },
          'notifications.sendTestEmail': async ({ to }) => {
            const connection = await settings.connection();
            if (!connection) throw RpcError.of('INVALID_STATE', engineMessage('notifications.smtpNotSetUp'));
            const mail = renderTestEmail(settings.view()?.language ?? 'en');
            try {
              return await send(connection, { to, subject: mail.subject, text: mail.text });
            } catch (error) {
              throw new RpcError(
                'UNAVAILABLE',
                `The SMTP server did not take the test e-mail: ${describeSmtpError(error, connection)}`,
              );
            }
          },
          'notifications.status': () => box.status(),
          'notifications.getPreferences': (_input, ctx) => preferences.of(accountOf(ctx)),
          'notifications.setPreferences': ({ events }, ctx) => preferences.update(accountOf(ctx), events),
        },
        start() {
          unsubscribers.push(
            deps.notices.subscribe((notice) => {
              // Handled on a later turn: the live that raised the notice carries on at once.
              setImmediate(() => {
                if (closed) return;
                try {
                  deliver(notice);
                } catch (error) {
                  deps.log(`could not deliver the ${notice.kind} notice`, error);
                }
              });
            }),
            deps.events.subscribe((event, payload) => {
              if (event === 'live.updated') watch.observe(payload as Parameters<ReconnectWatch['observe']>[0]);
            }),
          );
          box.wake();
          return Promise.resolve();
        },
        close() {
          closed = true;
          for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
          box.close();
          return Promise.resolve();
        },
        exports: undefined,
      };
    },
  };
}

/**
 * Shared engines mail their accounts; the single-owner desktop engine mails its owner at the
 * address set in the SMTP settings (`notifyTo`), as both owner and admin.
 */
function directoryOf(deps: EngineDeps, settings: SmtpSettingsStore): Directory {
  if (deps.mode === 'single-owner') {
    const me = (): Person | null => {
      const view = settings.view();
      return view?.notifyTo ? { userId: LOCAL_OWNER.userId, email: view.notifyTo, language: view.language } : null;
    };
    return { person: () => me(), admins: () => [me()].filter((p): p is Person => p !== null) };
  }
  // Read when a notice is delivered, so the modules' order does not matter.
  const safely = <T>(read: (accounts: AccountsPort) => T, fallback: T): T => {
    try {
      const accounts = deps.ports.find('accounts');
      return accounts ? read(accounts) : fallback;
    } catch (error) {
      deps.log('the accounts domain is unavailable for notifications', error);
      return fallback;
    }
  };
  return {
    person: (userId) => safely((accounts) => accounts.contactOf(userId), null),
    admins: () => safely((accounts) => accounts.adminContacts(), []),
  };
}
