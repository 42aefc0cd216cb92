import type { RpcIssue } from '../contract/errors';
import type { LiveFields } from '../contract/lives';
import { engineMessage, englishOf, type EngineMessage } from '../messages/engine-message';

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
    issues.push(issueAt(['loop'], engineMessage('fields.onlyFilesLoop', { kind: fields.source.kind })));
  }
  if (fields.end.kind === 'afterLoops') {
    if (!loops) {
      issues.push(issueAt(['end', 'kind'], engineMessage('fields.loopsNeedFiles')));
    } else if (fields.loop.kind === 'once') {
      issues.push(issueAt(['end', 'count'], engineMessage('fields.loopsNeedLoopPolicy')));
    } else if (fields.loop.kind === 'times' && fields.end.count > fields.loop.count) {
      issues.push(issueAt(['end', 'count'], engineMessage('fields.endAfterLoopsAtMost', { count: fields.loop.count })));
    }
  }
  if (fields.start.kind === 'once' && options.startMustBeFuture && Date.parse(fields.start.at) <= options.now) {
    issues.push(issueAt(['start', 'at'], engineMessage('fields.startInPast')));
  }
  if (fields.end.kind === 'at') {
    const endAt = Date.parse(fields.end.at);
    if (fields.start.kind === 'once' && endAt <= Date.parse(fields.start.at)) {
      issues.push(issueAt(['end', 'at'], engineMessage('fields.endBeforeStart')));
    } else if (fields.start.kind !== 'once' && endAt <= options.now) {
      issues.push(issueAt(['end', 'at'], engineMessage('fields.endInPast')));
    }
  }
  return issues;
}

/** An issue on a field: English for logs, the code for the UI. */
function issueAt(path: RpcIssue['path'], text: EngineMessage): RpcIssue {
  return { path, message: englishOf(text), text: { code: text.code, params: { ...text.params } } };
}
