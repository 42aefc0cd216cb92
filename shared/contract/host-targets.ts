import { z } from 'zod';
import { event, method } from './define';

/**
 * The engines the app can drive ("targets"): this computer's, and VPS agents reached over SSH.
 * The registry lives in the host (Electron main); an engine never sees these methods.
 */
export const LOCAL_TARGET_ID = 'local';

export const TargetId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'A target id is letters, digits, - and _.');

export const TargetState = z.enum(['connected', 'connecting', 'disconnected', 'failed']);
export type TargetState = z.infer<typeof TargetState>;

/**
 * How the SSH client signs in. The password or key passphrase itself is never part of a record:
 * it goes to the keychain at `targets.add` (`credential`), and the record says only whether one is kept.
 */
export const SshAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password') }).strict(),
  z
    .object({
      kind: z.literal('key'),
      /** The private key file (a path, never the key). */
      keyPath: z.string().min(1).max(4096),
    })
    .strict(),
  z.object({ kind: z.literal('ssh-agent') }).strict(),
]);
export type SshAuth = z.infer<typeof SshAuth>;

/** As OpenSSH prints it: `SHA256:` and 43 base64 characters. */
export const HostKeyFingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'A host key fingerprint looks like SHA256:… (as ssh-keygen -lf prints it).');

const Label = z.string().trim().min(1, 'A target needs a name.').max(80, 'A name is at most 80 characters.');
/** A DNS name or an IP address: no spaces, no `user@`, no scheme. */
const Host = z
  .string()
  .trim()
  .min(1, 'A host is required.')
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'A host is a name or an IP address (no user@, no scheme, no spaces).');
const Port = z.number().int().min(1).max(65535);
const SshUser = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'A user name is letters, digits, ".", "_" and "-".');

export const LocalTargetRecord = z.object({
  kind: z.literal('local'),
  id: z.literal(LOCAL_TARGET_ID),
  label: z.string(),
  state: TargetState,
});

/**
 * What a failed or retrying target is waiting for, beyond its coarse state: the switcher shows
 * "unreachable, retrying in N s", or offers to accept a changed host key (old and new shown).
 */
export const TargetProblem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('retrying'),
    /** When the next attempt starts (epoch ms). */
    retryAt: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('hostKeyChanged'),
    /** The fingerprint pinned for this target. */
    pinned: HostKeyFingerprint,
    /** The one the server presented instead: accepting it pins it (`targets.acceptHostKey`). */
    presented: HostKeyFingerprint,
  }),
]);
export type TargetProblem = z.infer<typeof TargetProblem>;

export const SshTargetRecord = z.object({
  kind: z.literal('ssh'),
  id: TargetId,
  label: z.string(),
  host: z.string(),
  port: Port,
  user: z.string(),
  auth: SshAuth,
  /** Whether a password or key passphrase is kept in the keychain for it. */
  hasCredential: z.boolean(),
  /** Pinned on the first connection (or given at add); a different key later refuses to connect. */
  hostKeySha256: HostKeyFingerprint.nullable(),
  state: TargetState,
  /** Why the last connection failed or dropped, in words a streamer understands. */
  lastError: z.string().optional(),
  problem: TargetProblem.optional(),
});

export const TargetRecord = z.discriminatedUnion('kind', [LocalTargetRecord, SshTargetRecord]);
export type TargetRecord = z.infer<typeof TargetRecord>;
export type SshTargetRecord = z.infer<typeof SshTargetRecord>;

export const NewSshTarget = z
  .object({
    label: Label,
    host: Host,
    port: Port.default(22),
    user: SshUser,
    auth: SshAuth,
    /** Write-only: the SSH password or key passphrase, stored in the keychain. */
    credential: z.string().min(1).max(1024).optional(),
    /** Pin a known host key now instead of trusting the first one seen. */
    hostKeySha256: HostKeyFingerprint.optional(),
  })
  .strict();
export type NewSshTarget = z.output<typeof NewSshTarget>;

const TargetRef = z.object({ targetId: TargetId }).strict();

export const targetsMethods = {
  'targets.list': method({
    summary: 'Every engine this app can drive: "This computer" first, then the agents, with their state.',
    input: z.object({}).strict().optional(),
    output: z.object({ targets: z.array(TargetRecord) }),
  }),
  'targets.add': method({
    summary: 'Remember a VPS agent reached over SSH (not connected yet).',
    input: NewSshTarget,
    output: SshTargetRecord,
  }),
  'targets.connect': method({
    summary: 'Open the SSH connection to an agent; answers once it is connected or has failed.',
    input: TargetRef,
    output: TargetRecord,
  }),
  'targets.disconnect': method({
    summary: 'Close the connection to an agent (its lives keep running there).',
    input: TargetRef,
    output: TargetRecord,
  }),
  'targets.acceptHostKey': method({
    summary:
      'Pin the host key a target presented instead of its pinned one, after the user compared both, then connect. ' +
      '`presented` must be the fingerprint the user was shown.',
    input: z.object({ targetId: TargetId, presented: HostKeyFingerprint }).strict(),
    output: TargetRecord,
  }),
  'targets.remove': method({
    summary: 'Forget an agent and its stored credential (its lives keep running there).',
    input: TargetRef,
    output: z.object({ targetId: TargetId }),
  }),
};

export const targetsEvents = {
  'targets.changed': event({
    summary: 'The list of targets changed (added, removed, or a state changed).',
    payload: z.object({ targets: z.array(TargetRecord) }),
  }),
  'target.state': event({
    summary: 'One target connected, disconnected or failed.',
    payload: z.object({
      targetId: TargetId,
      state: TargetState,
      reason: z.string().optional(),
      problem: TargetProblem.optional(),
    }),
  }),
};
