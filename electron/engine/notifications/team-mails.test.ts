import { describe, expect, it } from 'vitest';
import type { Session, User } from '@shared/contract/accounts';
import { PASSWORD, RELAY, harness, mailTo, smtp, smtpSettings } from '../../../tests/support/engine/notifications-kit';
import { waitFor } from '../../../tests/support/wait-for';

describe('the team mails, over a real SMTP server', () => {
  it('tell each account that its registration was received, approved or refused, in the account’s own language', async () => {
    const server = await smtp({ auth: RELAY });
    const { t } = await harness('shared');
    const signUp = async (email: string, language: 'fr' | 'en'): Promise<User> =>
      ((await t.call('auth.register', { email, password: PASSWORD, language })) as { user: User }).user;
    const signIn = async (email: string): Promise<{ sessionToken: string }> => ({
      sessionToken: ((await t.call('auth.login', { email, password: PASSWORD })) as Session).token,
    });

    await signUp('root@example.com', 'en'); // the first account: approved at once, no mail
    const root = await signIn('root@example.com');
    await t.call('notifications.setSmtp', smtpSettings(server.port), root);

    const amelie = await signUp('amelie@example.com', 'fr'); // → amélie (fr), root (en)
    const bob = await signUp('bob@example.com', 'en'); // → bob (en), root (en)
    const chloe = await signUp('chloe@example.com', 'en'); // → chloé (en), root (en)
    // Chloé switches to French while she waits: the next mail follows the account as it is then.
    await t.call('auth.setLanguage', { language: 'fr' }, await signIn('chloe@example.com'));
    await t.call('users.approve', { userId: amelie.id }, root); // → amélie (fr)
    await t.call('users.revoke', { userId: bob.id }, root); // → bob (en): refused
    await t.call('users.revoke', { userId: chloe.id }, root); // → chloé (fr): refused
    // Revoking an account that was approved is not a refused registration: no mail.
    await t.call('users.revoke', { userId: amelie.id }, root);
    await server.waitFor(9);
    await waitFor(() => (t.engine.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox').get() as { n: number }).n === 0, {
      what: 'the outbox drained',
    });
    const mails = server.messages;

    expect(mailTo(mails, 'amelie@example.com', 'Votre inscription à LiveManager est reçue').text).toContain(
      "Votre inscription (amelie@example.com) attend l'approbation d'un administrateur.",
    );
    expect(mailTo(mails, 'bob@example.com', 'Your LiveManager registration was received').text).toContain(
      "Your registration (bob@example.com) is waiting for an admin's approval.",
    );
    mailTo(mails, 'chloe@example.com', 'Your LiveManager registration was received');
    // The admin reads them in the admin's language.
    for (const who of ['amelie', 'bob', 'chloe'])
      mailTo(mails, 'root@example.com', `New account waiting for approval: ${who}@example.com`);

    expect(mailTo(mails, 'amelie@example.com', 'Votre compte LiveManager est approuvé').text).toContain(
      'Vous pouvez maintenant créer et lancer des lives.',
    );
    expect(mailTo(mails, 'bob@example.com', 'Your LiveManager registration was not accepted').text).toContain(
      'An admin did not accept your registration (bob@example.com).',
    );
    expect(mailTo(mails, 'chloe@example.com', "Votre inscription à LiveManager n'a pas été acceptée").text).toContain(
      "Un administrateur n'a pas accepté votre inscription (chloe@example.com).",
    );
    expect(mails.filter((m) => m.to.includes('amelie@example.com'))).toHaveLength(2);
    expect(mails).toHaveLength(9);
  });
});
