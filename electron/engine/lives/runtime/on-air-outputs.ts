import { engineMessage, type EngineMessage } from '@shared/messages/engine-message';
import { RpcError } from '@shared/contract/errors';
import type { Live, Run } from '@shared/contract/lives';
import type { UrlPasswordSet } from '../url-passwords';
import { DirectPipeline } from './direct-pipeline';
import { HubPipeline } from './hub-pipeline';
import type { Pipeline } from './pipeline';
import type { PipelineSpec } from './pipeline-spec';
import type { ProcessSlots } from './process-slots';
import { outputOf } from './run-inputs';

/** The part of a running live an on-air change touches. */
export interface OnAirRun {
  live: Live;
  readonly run: Run;
  pipeline?: Pipeline;
  spec?: PipelineSpec;
  readonly done: boolean;
}

export interface OnAirHost {
  readonly slots: ProcessSlots;
  readonly dataDir: string;
  readKey(keyRef: string): Promise<string | null>;
  urlPasswords(liveId: string): Promise<UrlPasswordSet>;
  /** Why this live may not feed a public output (gone, someone else's), or null. */
  outputRefusal(outputId: string): string | null;
  /** Mask these keys in everything later recorded for the run. */
  protect(runId: string, secrets: readonly string[]): void;
  note(runId: string, message: EngineMessage): void;
  /** A hub pipeline for this run, wired to its hooks (not started). */
  hubFor(spec: PipelineSpec): HubPipeline;
}

/**
 * Send a running live to its enabled destinations as they are now: stop the outputs turned
 * off, start the ones turned on or added, and touch nothing else. On the hub each output is its
 * own FFmpeg, so the others never notice. A live in direct mode (one FFmpeg for its one output)
 * moves to the hub when a second output joins: its one output reconnects once, and a file or
 * playlist reads on from where it was.
 */
export async function applyOnAir(entry: OnAirRun, live: Live, host: OnAirHost): Promise<void> {
  const { pipeline, spec } = entry;
  if (entry.done) return;
  if (!pipeline || !spec) {
    throw RpcError.of('INVALID_STATE', engineMessage('lives.stillStarting'));
  }
  const wanted = live.destinations.filter((d) => d.enabled);
  if (wanted.length === 0) {
    throw RpcError.of('INVALID_STATE', engineMessage('lives.keepOneDestination'));
  }
  const current = new Set(pipeline.outputIds());
  const added = wanted.filter((d) => !current.has(d.id));
  const removed = [...current].filter((id) => !wanted.some((d) => d.id === id));
  entry.live = live;
  if (added.length === 0 && removed.length === 0) return;
  if (!host.slots.resize(live.id, 1 + wanted.length)) {
    throw RpcError.of(
      'LIMIT_REACHED',
      engineMessage('lives.noSlotForDestination', { used: host.slots.used, max: host.slots.max }),
    );
  }
  try {
    const passwords = await host.urlPasswords(live.id);
    const made = await Promise.all(added.map((d) => outputOf(d, live, host, passwords)));
    const secrets = made.flatMap((m) => (m.secret === undefined ? [] : [m.secret]));
    host.protect(entry.run.id, secrets);
    const nameOf = (id: string): string => live.destinations.find((d) => d.id === id)?.name ?? id;
    const outputs = [...spec.outputs.filter((o) => !removed.includes(o.id)), ...made.map((m) => m.output)];
    if (pipeline instanceof DirectPipeline) {
      const resume = await pipeline.handOver();
      if (entry.done) return; // stopped meanwhile: nothing to take over
      const hubSpec: PipelineSpec = {
        ...spec,
        sourceArgs: spec.direct?.sourceArgsAt(resume) ?? spec.sourceArgs,
        outputs,
        secrets: [...spec.secrets, ...secrets],
        direct: undefined,
      };
      entry.spec = hubSpec;
      entry.pipeline = host.hubFor(hubSpec);
      entry.pipeline.start();
      host.note(
        entry.run.id,
        engineMessage('runs.sendingThroughHub', {
          outputs: outputs.map((o) => o.label).join(', '),
          reconnected: [...current].map(nameOf).join(', '),
        }),
      );
      return;
    }
    if (!(pipeline instanceof HubPipeline)) throw new Error('Unknown pipeline');
    for (const id of removed) {
      await pipeline.removeOutput(id);
      host.note(entry.run.id, engineMessage('runs.stoppedSendingTo', { name: nameOf(id) }));
    }
    for (const m of made) {
      pipeline.addOutput(m.output, secrets);
      host.note(entry.run.id, engineMessage('runs.nowAlsoSendingTo', { name: m.output.label }));
    }
    entry.spec = { ...spec, outputs };
  } catch (error) {
    host.slots.resize(live.id, (entry.pipeline ?? pipeline).processCount);
    throw error;
  }
}
