import type { EngineContract } from '@shared/contract';
import type { AuthStatus, User } from '@shared/contract/accounts';
import { isRpcError } from '@shared/contract/errors';
import type { ChannelClient } from '@shared/rpc/channel-client';
import type { SecretStore } from '../../../engine/secrets/secret-store';

export type SessionBinding =
  | { readonly kind: 'signedIn'; readonly status: AuthStatus }
  | { readonly kind: 'notNeeded' }
  | { readonly kind: 'signInRequired'; readonly reason: string };

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

/** A session opened on the agent, without its token (which stays in the SecretStore). */
export interface SignedIn {
  readonly user: User;
  readonly expiresAt: string;
}

/**
 * The app's account on a shared agent: the session token `auth.login` returns is kept in the
 * app's SecretStore (the OS keychain) and presented again on every reconnect with
 * `auth.useSession`; an expired or revoked one is deleted and the user asked to sign in again.
 * The password is never kept.
 */
export class AgentSignIn {
  readonly #secrets: SecretStore;
  readonly #secretId: string;
  readonly #label: string;

  constructor(secrets: SecretStore, secretId: string, label: string) {
    this.#secrets = secrets;
    this.#secretId = secretId;
    this.#label = label;
  }

  /** On a fresh connection: bind the kept session, if any. */
  async bind(client: ChannelClient<EngineContract>): Promise<SessionBinding> {
    const status = await client.api.auth.status();
    if (status.mode === 'single-owner') return { kind: 'notNeeded' };
    const token = await this.#secrets.get(this.#secretId);
    if (!token) return { kind: 'signInRequired', reason: `Sign in to ${this.#label} with your LiveManager account.` };
    try {
      return { kind: 'signedIn', status: await client.api.auth.useSession({ token }) };
    } catch (error) {
      if (!isRpcError(error) || error.code !== 'UNAUTHENTICATED') throw error;
      await this.#secrets.delete(this.#secretId);
      return { kind: 'signInRequired', reason: this.expiredReason() };
    }
  }

  expiredReason(): string {
    return `Your session on ${this.#label} has expired or was revoked: sign in again.`;
  }

  async signIn(client: ChannelClient<EngineContract>, credentials: Credentials): Promise<SignedIn> {
    const session = await client.api.auth.login({ email: credentials.email, password: credentials.password });
    await this.#secrets.set(this.#secretId, session.token);
    return { user: session.user, expiresAt: session.expiresAt };
  }

  /** A new account; the agent's first one is its approved admin, later ones wait for approval. */
  async register(client: ChannelClient<EngineContract>, credentials: Credentials): Promise<User> {
    await client.api.auth.register({ email: credentials.email, password: credentials.password });
    return (await this.signIn(client, credentials)).user;
  }

  async signOut(client: ChannelClient<EngineContract> | null): Promise<void> {
    try {
      await client?.api.auth.logout();
    } finally {
      await this.forget();
    }
  }

  forget(): Promise<void> {
    return this.#secrets.delete(this.#secretId);
  }
}
