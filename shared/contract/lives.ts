import { sentenceOf } from '../messages/engine-message';
import { z } from 'zod';
import { event, method } from './define';
import { RpcErrorText } from './errors';
import { pageInput, pageOf } from './paging';
import { PlaylistPosition } from './playlist-position';
import {
  Destination,
  DestinationInput,
  Encoding,
  EndPolicy,
  Id,
  IsoUtc,
  LIVE_LIMITS,
  LiveState,
  LoopPolicy,
  Source,
  StartPolicy,
} from './live-fields';

export * from './live-fields';

export const Live = z.object({
  id: Id,
  title: z.string(),
  ownerId: z.string(),
  source: Source,
  destinations: z.array(Destination),
  encoding: Encoding,
  loop: LoopPolicy,
  start: StartPolicy,
  end: EndPolicy,
  state: LiveState,
  createdAt: IsoUtc,
  updatedAt: IsoUtc,
  currentRunId: Id.optional(),
});
export type Live = z.infer<typeof Live>;

export const DestinationHealth = z.enum(['connecting', 'live', 'retrying', 'failed']);
export type DestinationHealth = z.infer<typeof DestinationHealth>;

export const Run = z.object({
  id: Id,
  liveId: Id,
  startedAt: IsoUtc,
  endedAt: IsoUtc.optional(),
  state: LiveState,
  endReason: z.string().optional(),
  /** `endReason` as a message code and parameters, when the engine gave one. */
  endText: RpcErrorText.optional(),
  restarts: z.number().int().min(0),
});
export type Run = z.infer<typeof Run>;

export const RunEventKind = z.enum(['state', 'restart', 'failure', 'destination', 'note']);
export const RunEvent = z.object({
  at: IsoUtc,
  kind: RunEventKind,
  from: z.string().optional(),
  to: z.string().optional(),
  /** English, as the engine wrote it (logs, the CLI, runs stored before `text` existed). */
  reason: z.string().optional(),
  /** `reason` as a message code and parameters, which the UI shows in its own language. */
  text: RpcErrorText.optional(),
  destinationId: Id.optional(),
});
export type RunEvent = z.infer<typeof RunEvent>;

/**
 * `degraded`: the live has run slower than real time (speed below `DEGRADED_RULE.belowSpeed`) for
 * `DEGRADED_RULE.forMs` in a row — the machine cannot keep up; viewers see stalls.
 */
export const RunHealth = z.enum(['normal', 'degraded']);
export type RunHealth = z.infer<typeof RunHealth>;

/** When a live counts as degraded, and when it is back (docs/restream-engine.md, "Overload"). */
export const DEGRADED_RULE = Object.freeze({ belowSpeed: 0.95, forMs: 10_000 });

/** Whole-run figures, kept beside the current ones for the run's summary. */
export const RunAverages = z.object({
  fps: z.number(),
  bitrateKbps: z.number().nullable(),
  speed: z.number(),
});
export type RunAverages = z.infer<typeof RunAverages>;

/** A network source that has not been reached yet in this run: attempt `attempt`, next try in `retryInSec`. */
export const SourceRetry = z.object({
  attempt: z.number().int().min(1),
  retryInSec: z.number().min(0),
  /** Why the last attempt failed, in a streamer's words (redacted). */
  reason: z.string(),
  /** Seconds left before the live gives up (its source's `ifUnreachable`), null when it keeps trying. */
  giveUpInSec: z.number().min(0).nullable(),
});
export type SourceRetry = z.infer<typeof SourceRetry>;

export const RunStats = z.object({
  at: IsoUtc,
  /** Current figures: over the last few seconds (`STATS_WINDOW_MS`), not averaged since the start. */
  fps: z.number(),
  /** Null when FFmpeg cannot tell: an HLS writer in direct mode reports no size (it writes segment files). */
  bitrateKbps: z.number().nullable(),
  speed: z.number(),
  frames: z.number(),
  dropped: z.number(),
  duplicated: z.number(),
  outTimeMs: z.number(),
  cpuPercent: z.number(),
  rssBytes: z.number(),
  destinations: z.array(z.object({ id: Id, health: DestinationHealth, reason: z.string().optional() })),
  /** Averages since the run began (optional: samples stored before they existed have none). */
  average: RunAverages.optional(),
  /** The run's restarts so far (every reconnection), so the figure never waits for a state change. */
  restarts: z.number().int().min(0).optional(),
  health: RunHealth.optional(),
  /** Present while the source is being retried before it was ever reached in this run. */
  sourceRetry: SourceRetry.optional(),
  /** A playlist live: the file playing now and the next one (absent when a file's duration is unknown). */
  playlist: PlaylistPosition.optional(),
});
export type RunStats = z.infer<typeof RunStats>;

/** The window of the current figures in `RunStats`. */
export const STATS_WINDOW_MS = 5000;

export const RunDetail = z.object({
  run: Run,
  events: z.array(RunEvent),
  stats: z.array(RunStats),
  /** The last lines of FFmpeg's output, already redacted. */
  log: z.array(z.string()),
});
export type RunDetail = z.infer<typeof RunDetail>;

const Title = z
  .string()
  .trim()
  .min(1, sentenceOf('fields.titleRequired'))
  .max(LIVE_LIMITS.titleMax, sentenceOf('fields.titleTooLong', { max: LIVE_LIMITS.titleMax }));
/** A live's destinations as a whole: the count and the one-HLS-output rules. */
export const DestinationList = z
  .array(DestinationInput)
  .max(LIVE_LIMITS.destinationsMax, `A live has at most ${LIVE_LIMITS.destinationsMax} destinations.`)
  .superRefine((list, ctx) => {
    const hls = list.flatMap((d, i) => (d.kind === 'hls-local' ? [i] : []));
    for (const i of hls.slice(1)) ctx.addIssue({ code: 'custom', path: [i, 'kind'], message: sentenceOf('fields.oneHlsOutput') });
    const outputs = new Set<string>();
    list.forEach((d, i) => {
      if (d.outputId === undefined) return;
      if (outputs.has(d.outputId))
        ctx.addIssue({ code: 'custom', path: [i, 'outputId'], message: sentenceOf('fields.outputTwice') });
      outputs.add(d.outputId);
    });
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (d.id === undefined) return;
      if (seen.has(d.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: sentenceOf('fields.destinationTwice', { id: d.id }) });
      seen.add(d.id);
    });
  });

/** The fields of a live a client sets; everything else is the engine's. */
export const LiveFields = z
  .object({
    title: Title,
    source: Source,
    destinations: DestinationList.default([]),
    encoding: Encoding.default({ mode: 'auto' }),
    loop: LoopPolicy.default({ kind: 'once' }),
    start: StartPolicy.default({ kind: 'manual' }),
    end: EndPolicy.default({ kind: 'none' }),
  })
  .strict();
export type LiveFieldsInput = z.input<typeof LiveFields>;
export type LiveFields = z.output<typeof LiveFields>;

/** A patch replaces whole fields; `destinations` replaces the list (keep one by sending its id). */
export const LivePatch = z
  .object({
    title: Title.optional(),
    source: Source.optional(),
    destinations: DestinationList.optional(),
    encoding: Encoding.optional(),
    loop: LoopPolicy.optional(),
    start: StartPolicy.optional(),
    end: EndPolicy.optional(),
  })
  .strict();
export type LivePatch = z.output<typeof LivePatch>;

const LiveRef = z.object({ liveId: Id }).strict();

/**
 * A 5-second publish of the test pattern to a destination: `accepted` (the platform took it),
 * `refused` (it said no: usually the key), `unreachable` (no answer, wrong server), `failed`
 * (anything else, in `message`).
 */
export const DestinationTestOutcome = z.enum(['accepted', 'refused', 'unreachable', 'failed']);
export const DestinationTestResult = z.object({
  outcome: DestinationTestOutcome,
  /** In a streamer's words; the key is never in it. */
  message: z.string(),
  /** How long the test ran. */
  seconds: z.number().min(0),
});
export type DestinationTestResult = z.infer<typeof DestinationTestResult>;

/** How long "test this destination" publishes. */
export const DESTINATION_TEST_SECONDS = 5;

/**
 * Page sizes. A lives page is also cut at `LIVES_PAGE.maxBytes` of JSON (a live with a long
 * playlist is large), so a page always fits in a frame whatever the lives hold.
 */
export const LIVES_PAGE = Object.freeze({ defaultLimit: 50, maxLimit: 200, maxBytes: 512 * 1024 });
export const RUNS_PAGE = Object.freeze({ defaultLimit: 50, maxLimit: 500 });

/**
 * What the engine does when an ENCODING live is asked to start while the machine is already
 * saturated: `warn` starts it with a note, `queue` keeps it in `queued` until there is room
 * (docs/restream-engine.md, "Overload").
 */
export const OverloadPolicy = z.enum(['warn', 'queue']);
export type OverloadPolicy = z.infer<typeof OverloadPolicy>;

/** Engine-wide lives settings (an admin's, on a shared agent). */
export const LivesSettings = z.object({ overloadPolicy: OverloadPolicy }).strict();
export type LivesSettings = z.infer<typeof LivesSettings>;

export const livesMethods = {
  'lives.list': method({
    summary: "A page of the caller's lives (every live for an admin), newest first; pass nextCursor for the next page.",
    input: z
      .object({ state: z.array(LiveState).max(LiveState.options.length).optional(), ...pageInput(LIVES_PAGE) })
      .strict()
      .optional(),
    output: pageOf(Live),
  }),
  'lives.get': method({ summary: 'One live.', input: LiveRef, output: Live }),
  'lives.create': method({
    summary: 'Create a live owned by the caller; stream keys go to the secret store.',
    input: LiveFields,
    output: Live,
  }),
  'lives.update': method({
    summary: 'Change a live. While it runs, only the title may change.',
    input: z.object({ liveId: Id, patch: LivePatch }).strict(),
    output: Live,
  }),
  'lives.delete': method({
    summary: 'Delete a live, its runs and its stream keys. Refused while it runs.',
    input: LiveRef,
    output: z.object({ liveId: Id }),
  }),
  'lives.start': method({ summary: 'Start a run of this live now (it may wait in queued).', input: LiveRef, output: Live }),
  'lives.stop': method({ summary: 'Stop the running live gracefully.', input: LiveRef, output: Live }),
  'lives.listRuns': method({
    summary: 'A page of the runs of a live, newest first; pass nextCursor for the next page.',
    input: z.object({ liveId: Id, ...pageInput(RUNS_PAGE) }).strict(),
    output: pageOf(Run),
  }),
  'lives.getRun': method({
    summary: 'One run: its events, statistics history and redacted log tail.',
    input: z.object({ runId: Id }).strict(),
    output: RunDetail,
  }),
  'lives.duplicate': method({
    summary: 'A copy of a live (stream keys included, as a new draft or schedule), owned by the caller.',
    input: z.object({ liveId: Id, title: Title.optional() }).strict(),
    output: Live,
  }),
  'lives.setDestinationEnabled': method({
    summary: 'Turn one destination off or on, also while the live is on air (the others are not interrupted).',
    input: z.object({ liveId: Id, destinationId: Id, enabled: z.boolean() }).strict(),
    output: Live,
  }),
  'lives.addDestination': method({
    summary: 'Add a destination, also while the live is on air (the others are not interrupted).',
    input: z.object({ liveId: Id, destination: DestinationInput }).strict(),
    output: Live,
  }),
  'lives.testDestination': method({
    summary: `Publish the test pattern for ${DESTINATION_TEST_SECONDS} s to a destination and say whether the platform accepted it.`,
    input: z
      .object({
        /** With a destination id: its stored key and URL password are used when none is typed. */
        liveId: Id.optional(),
        destination: DestinationInput,
      })
      .strict(),
    output: DestinationTestResult,
  }),
  'lives.previewUrl': method({
    summary: "The HLS URL of the live's local output, for the in-app preview.",
    input: LiveRef,
    output: z.object({ url: z.string(), available: z.boolean() }),
  }),
  'lives.getSettings': method({
    summary: 'The lives settings: what starting an encoding live on a saturated machine does.',
    input: z.object({}).strict().optional(),
    output: LivesSettings,
  }),
  'lives.updateSettings': method({
    summary: 'Change the lives settings (admins); applies to the next start.',
    input: LivesSettings,
    output: LivesSettings,
  }),
};

export const livesEvents = {
  'live.updated': event({ summary: 'A live changed (fields or state).', payload: Live }),
  'live.deleted': event({ summary: 'A live was deleted.', payload: z.object({ liveId: Id, ownerId: z.string() }) }),
  'run.stats': event({
    summary: 'A statistics sample of a running live.',
    payload: z.object({ liveId: Id, runId: Id, stats: RunStats }),
  }),
  'run.log': event({
    summary: 'New FFmpeg output lines of a running live, already redacted.',
    payload: z.object({ liveId: Id, runId: Id, lines: z.array(z.string()) }),
  }),
};
