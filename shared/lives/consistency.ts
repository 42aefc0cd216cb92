import type { RpcIssue } from '../contract/errors';
import type { LiveFields } from '../contract/lives';

export interface ConsistencyOptions {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** Refuse a one-off start in the past (true when the start field is being set). */
  readonly startMustBeFuture: boolean;
}

const LOOPING_SOURCES = new Set(['file', 'playlist']);

/**
 * Rules that span several fields of a live, which a per-field schema cannot see. Each problem
 * names the field to fix, like the schema's own issues.
 */
export function checkLiveConsistency(fields: LiveFields, options: ConsistencyOptions): RpcIssue[] {
  const issues: RpcIssue[] = [];
  const loops = LOOPING_SOURCES.has(fields.source.kind);
  if (!loops && fields.loop.kind !== 'once') {
    issues.push({
      path: ['loop'],
      message: `Only file and playlist sources loop; a ${fields.source.kind} source plays until it ends or is stopped.`,
    });
  }
  if (fields.end.kind === 'afterLoops') {
    if (!loops) {
      issues.push({ path: ['end', 'kind'], message: 'Ending after N loops needs a file or playlist source.' });
    } else if (fields.loop.kind === 'once') {
      issues.push({ path: ['end', 'count'], message: 'Ending after N loops needs a loop policy of "times" or "forever".' });
    } else if (fields.loop.kind === 'times' && fields.end.count > fields.loop.count) {
      issues.push({
        path: ['end', 'count'],
        message: `The live stops after ${fields.loop.count} loops anyway; end after at most that many.`,
      });
    }
  }
  if (fields.start.kind === 'once' && options.startMustBeFuture && Date.parse(fields.start.at) <= options.now) {
    issues.push({ path: ['start', 'at'], message: 'The start time is in the past.' });
  }
  if (fields.end.kind === 'at') {
    const endAt = Date.parse(fields.end.at);
    if (fields.start.kind === 'once' && endAt <= Date.parse(fields.start.at)) {
      issues.push({ path: ['end', 'at'], message: 'The end time must come after the start time.' });
    } else if (fields.start.kind !== 'once' && endAt <= options.now) {
      issues.push({ path: ['end', 'at'], message: 'The end time is in the past.' });
    }
  }
  return issues;
}
