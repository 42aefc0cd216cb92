/**
 * The engine's sentences for people, by code: the English text (logs, the CLI, the `message` of
 * an RpcError) with `{{param}}` placeholders. The renderer shows each code in the UI language
 * from its own translations (`renderer/src/<domain>/locales`, key `<domain>Messages.<name>`),
 * checked against this list by a test, so a code added here without French and English fails.
 * Each code's parameters are read from its template (`MessageParams`).
 */
export const MESSAGES = {
  'lives.notFound': 'No live with id "{{liveId}}".',
  'targets.hostKeyNotOffered':
    '{{label}} has no changed host key waiting for a decision, or it presented another one since: connect again and compare the fingerprints.',
  'lives.runNotFound': 'No run with id "{{runId}}".',
  'lives.alreadyActive': 'This live is already {{state}}.',
  'lives.alreadyActiveStopFirst': 'This live is already {{state}}; stop it before starting it again.',
  'lives.notRunning': 'This live is {{state}}, not running: there is nothing to stop.',
  'lives.noEnabledDestination': 'This live has no enabled destination: add or enable one before starting.',
  'lives.destinationWithoutKey': 'Destination "{{name}}" has no stream key: enter it before starting.',
  'lives.keyMissingFromStore': 'The stream key of "{{name}}" is missing from the secret store: enter it again.',
  'lives.onlyTitleWhileRunning': 'This live is {{state}}: only its title can change while it runs. Stop it to change {{fields}}.',
  'lives.stopBeforeChanging': 'This live is {{state}}; stop it before changing it.',
  'lives.stopBeforeDeleting': 'This live is {{state}}; stop it before deleting it.',
  'lives.ownerOnlyView': 'Only the owner of this live may view it.',
  'lives.ownerOnlyStart': 'Only the owner of this live may start it.',
  'lives.ownerOnlyStop': 'Only the owner of this live may stop it.',
  'lives.ownerOnlyEdit': 'Only the owner of this live may edit it.',
  'lives.sourcePasswordMissing': 'The password in the source URL is missing from the secret store: enter it again.',
  'lives.destinationPasswordMissing': 'The password in the URL of "{{name}}" is missing from the secret store: enter it again.',
  'lives.maskedUrlPartUnknown': 'Part of this URL is the mask (••••) but no value is stored for it: type it itself.',
  'lives.iptvCatalogMissing': 'This IPTV channel could not be opened: the engine has no IPTV catalog.',
  'lives.alreadyRunning': 'This live is already running.',
  'lives.engineShuttingDown': 'The engine is shutting down.',
  'lives.quotaReached':
    'You already have {{max}} lives, the most one account may keep on this engine. Delete lives you no longer need to create new ones.',
  'lives.previewUnavailable': 'The preview server is not running in this engine.',
  'lives.runtimeMissing': 'This engine cannot run lives: its restream runtime is not installed.',
  'lives.runtimeCouldNotStart': 'The restream runtime could not start this live.',
  'runs.stoppedByUser': 'Stopped by the user.',
  'runs.engineStopped': 'The engine stopped while this live was running.',
  'runs.setupFailed': 'The live could not be started: its preview folder or processes could not be set up.',
  'runs.prepareFailed': 'The live could not be prepared.',
  'runs.failed': 'The live failed.',
  'runs.engineShutDown': 'The engine was shut down while this live was running.',
  'runs.encoding': 'Encoding: {{reasons}}.',
  'runs.passthrough': 'Sending the source as it is (no re-encoding).',
  'runs.waitingForSlot': 'Waiting for a free FFmpeg slot ({{used}} of {{max}} in use).',
  'runs.restartedAfterRecovery': 'Restarted after the engine came back.',
  'runs.backToRealTime': 'Back to real time ({{speed}}).',
  'runs.degraded':
    'Degraded: running at {{speed}} real time for {{seconds}} s — the machine cannot keep up, viewers may see stalls.',
  'runs.saturatedWarn': 'The machine is saturated ({{busy}}): this live encodes and may not keep real time.',
  'runs.saturatedWaiting': 'Waiting: the machine is saturated ({{busy}}); this live encodes, it starts when there is room.',
  'runs.roomAgain': 'The machine has room again: starting.',
  'runs.busyLoad': 'load {{load}} per core',
  'runs.busyOneSlowLive': '1 live slower than real time',
  'runs.busySlowLives': '{{count}} lives slower than real time',
  'runs.sourceRetrying': 'Source unreachable — retrying in {{seconds}} s, attempt {{attempt}}: {{reason}}',
  'runs.sourceGaveUp': 'The source could not be reached in {{duration}} ({{tries}}); the live gave up.',
  'runs.sourceGaveUpLastError':
    'The source could not be reached in {{duration}} ({{tries}}); the live gave up. Last error: {{reason}}',
  'runs.oneFailedAttempt': '1 failed attempt',
  'runs.failedAttempts': '{{count}} failed attempts',
  'runs.sendingThroughHub':
    'Now sending to {{outputs}} through the hub (a second destination was turned on): {{reconnected}} reconnected once.',
  'runs.stoppedSendingTo': 'Stopped sending to {{name}} (turned off on air); the other destinations carry on.',
  'runs.nowAlsoSendingTo': 'Now also sending to {{name}} (turned on on air).',
  'plan.preset': 'preset {{preset}}',
  'plan.notProbed': 'source could not be probed, re-encoding both streams to be safe',
  'plan.videoCodec': 'video is {{codec}}, the outputs take H.264',
  'plan.pixelFormat': 'H.264 video is {{pixelFormat}}, platforms need 8-bit 4:2:0',
  'plan.beyondLimits': 'video is {{problems}}, more than {{target}} takes (at most {{most}})',
  'plan.level': 'level {{level}}',
  'plan.burnIn': 'the {{language}} subtitles are burnt into the picture',
  'plan.mixedVideo': 'the playlist mixes {{formats}}: encoding to one format',
  'plan.audioCodec': 'audio is {{codec}}, the outputs take AAC',
  'plan.audioChannels': 'AAC audio has {{channels}} channels, platforms take stereo',
  'plan.mixedAudio': 'the playlist mixes audio ({{formats}})',
  'ffmpeg.clean': 'FFmpeg finished normally for {{target}}.',
  'ffmpeg.keyRejected': 'The server refused the stream key for {{target}}. Check the key in the destination settings.',
  'ffmpeg.sourceMissing': 'The source could not be found. Check that the file still exists or that the link is still valid.',
  'ffmpeg.sourceUnreadable': 'The source could not be read: the file is damaged or incomplete, or access to it was refused.',
  'ffmpeg.unsupportedInput': 'The source is not a video LiveManager can read. Choose another file or link.',
  'ffmpeg.networkUnreachable': '{{target}} could not be reached: check the internet connection and the server address.',
  'ffmpeg.connectionRefused': '{{target}} refused the connection: the server is down or the address or port is wrong.',
  'ffmpeg.connectionLost': 'The connection to {{target}} was lost. LiveManager will reconnect.',
  'ffmpeg.unknown': 'FFmpeg stopped unexpectedly for {{target}}. LiveManager will retry; the log shows the details.',
  'access.awaitingApproval': 'Your account is waiting for an admin to approve it.',
  'access.signInFirst': 'Sign in to use {{method}}.',
  'access.adminOnly': 'Only an admin can use {{method}}.',
  'access.sessionExpired': 'Your session has expired or was revoked. Sign in again.',
  'accounts.wrongCredentials': 'Wrong e-mail or password.',
  'accounts.emailTaken': 'An account with this e-mail already exists.',
  'accounts.notFound': 'No account with id "{{userId}}".',
  'accounts.tooManyAttemptsOneMinute': 'Too many attempts, try again in 1 minute.',
  'accounts.tooManyAttempts': 'Too many attempts, try again in {{minutes}} minutes.',
  'accounts.lastAdmin': 'This is the last admin: grant admin to someone else first.',
  'notifications.smtpNotSetUp': 'Set up the SMTP server first.',
  'paging.badCursor': 'This page cursor is not valid for this list: start again from the first page.',
} as const;

export type MessageCode = keyof typeof MESSAGES;

/** `'a {{x}} b {{y}}'` → `'x' | 'y'`. */
type Placeholders<Text extends string> = Text extends `${string}{{${infer Name}}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

export type MessageParams<Code extends MessageCode> = {
  readonly [Name in Placeholders<(typeof MESSAGES)[Code]>]: string | number;
};

/** The placeholders of a template, in order (the translations must use the same). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '');
}
