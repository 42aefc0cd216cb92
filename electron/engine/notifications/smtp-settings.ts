import type { DatabaseSync } from 'node:sqlite';
import type { Language } from '@shared/contract/accounts';
import type { SmtpSecurity, SmtpSettings } from '@shared/contract/notifications';
import type { SecretStore } from '../secrets/secret-store';

/** The SMTP password lives in the secret store under this id; the database only knows one exists. */
export const SMTP_PASSWORD_SECRET = 'notifications.smtp.password';
const MASK = '••••••••';

interface SettingsRow {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  sender: string;
  notify_to: string | null;
  language: string;
  has_password: number;
}

/** Settings with the password, for building a transport — never returned to a client. */
export interface SmtpConnection {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly user: string | null;
  readonly password: string | null;
  readonly from: string;
}

export interface SmtpSettingsUpdate {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  from: string;
  /** undefined: keep the stored one; null or empty: forget it. */
  password?: string | null | undefined;
  notifyTo: string | null;
  language: Language;
}

export class SmtpSettingsStore {
  constructor(
    private readonly db: DatabaseSync,
    private readonly secrets: SecretStore,
  ) {}

  /** As shown to clients: the password masked. */
  view(): SmtpSettings | null {
    const row = this.#row();
    if (!row) return null;
    return {
      host: row.host,
      port: row.port,
      security: row.security,
      user: row.user,
      from: row.sender,
      password: row.has_password === 1 ? MASK : null,
      notifyTo: row.notify_to,
      language: row.language === 'fr' ? 'fr' : 'en',
    };
  }

  async connection(): Promise<SmtpConnection | null> {
    const row = this.#row();
    if (!row) return null;
    const password = row.has_password === 1 ? await this.secrets.get(SMTP_PASSWORD_SECRET) : null;
    return { host: row.host, port: row.port, security: row.security, user: row.user, password, from: row.sender };
  }

  async save(update: SmtpSettingsUpdate): Promise<SmtpSettings> {
    let hasPassword = this.#row()?.has_password === 1;
    if (update.password === null || update.password === '') {
      await this.secrets.delete(SMTP_PASSWORD_SECRET);
      hasPassword = false;
    } else if (update.password !== undefined) {
      await this.secrets.set(SMTP_PASSWORD_SECRET, update.password);
      hasPassword = true;
    }
    this.db
      .prepare(
        `INSERT INTO smtp_settings (id, host, port, security, user, sender, notify_to, language, has_password)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, security = excluded.security,
           user = excluded.user, sender = excluded.sender, notify_to = excluded.notify_to,
           language = excluded.language, has_password = excluded.has_password`,
      )
      .run(
        update.host,
        update.port,
        update.security,
        update.user,
        update.from,
        update.notifyTo,
        update.language,
        hasPassword ? 1 : 0,
      );
    return this.view() as SmtpSettings;
  }

  #row(): SettingsRow | undefined {
    return this.db.prepare('SELECT * FROM smtp_settings WHERE id = 1').get() as SettingsRow | undefined;
  }
}
