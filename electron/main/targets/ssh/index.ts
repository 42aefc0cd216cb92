/**
 * VPS targets over SSH: what the target registry and the UI use. Everything here is plain Node.
 *
 * Adding a VPS: `probeHostKey({ host, port })` → the user confirms `fingerprint` → keep it in the
 * target record → `createSshTarget(record, services)` → `registry.add(target.asTarget())` and
 * `target.connect()`; `target.onState` feeds `target.state` events (`summariseState`).
 */
export { agentBundlePath } from './agent-bundle';
export { DEFAULT_AGENT_DIR, agentLayout, attachCommand } from './agent-layout';
export type { Credentials } from './agent-sign-in';
export { normaliseFingerprint } from './fingerprint';
export type { AgentInspection, InstallReport, InstallStep } from './install/agent-installer';
export { DEFAULT_NODE_MIRROR } from './install/node-runtime';
export { PreviewProxy } from './preview-proxy';
export { sshSecretIds, type SshSecretIds } from './secret-ids';
export { UploadCancelledError, UploadChecksumError, type UploadResult } from './sftp-upload';
export type { SshAuth } from './ssh-auth';
export { HostKeyChangedError, SshConnectionError, type SshFailureKind } from './ssh-errors';
export { probeHostKey } from './ssh-session';
export { SshTarget, mediaName, type SshTargetOptions, type UploadRequest } from './ssh-target';
export type { Resynced } from './ssh-target-connection';
export { summariseState, type SshTargetState, type TargetStateSummary } from './ssh-target-state';
export type { TransferProgress } from './transfer-meter';
export { createSshTarget, type SshTargetRecordFields, type SshTargetServices } from './create-ssh-target';
