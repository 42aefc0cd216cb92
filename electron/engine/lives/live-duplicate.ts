import { LIVE_LIMITS, LiveFields, type Live, type StartPolicy, type EndPolicy } from '@shared/contract/lives';
import { revealUrlCredentials } from '@shared/format/url-credentials';
import type { Caller } from '../context';
import { assertMayActOnLive, notFound } from './live-access';
import type { LiveEditor } from './live-editor';
import type { LiveStore } from './live-store';
import type { StreamKeys } from './stream-keys';
import { sourceUrlOf, withSourceUrl, type UrlPasswords } from './url-passwords';

export interface DuplicateDeps {
  readonly lives: LiveStore;
  readonly keys: Pick<StreamKeys, 'read'>;
  readonly passwords: Pick<UrlPasswords, 'read'>;
  readonly editor: LiveEditor;
  readonly now: () => number;
}

/**
 * A copy of a live for its owner: same source, destinations, encoding and loop, each key and URL
 * password stored again under the copy (so deleting one never loses the other's). A one-off
 * start or an end time already past would be refused, so the copy starts by hand / has no end.
 */
export async function duplicateLive(deps: DuplicateDeps, caller: Caller, liveId: string, title?: string): Promise<Live> {
  const record = deps.lives.get(liveId);
  if (!record) throw notFound(liveId);
  assertMayActOnLive(caller, record, 'edit');
  const passwords = await deps.passwords.read(record);
  const sourceUrl = sourceUrlOf(record.source);
  const source =
    sourceUrl !== undefined && passwords.source !== null
      ? withSourceUrl(record.source, revealUrlCredentials(sourceUrl, passwords.source))
      : record.source;
  const destinations = await Promise.all(
    record.destinations.map(async (d) => {
      const key = d.keyRef === null ? null : await deps.keys.read(d.keyRef);
      const password = passwords.destinations.get(d.id);
      const url = d.url !== undefined && password !== undefined ? revealUrlCredentials(d.url, password) : d.url;
      return {
        name: d.name,
        enabled: d.enabled,
        kind: d.kind,
        ...(url === undefined ? {} : { url }),
        ...(key === null ? {} : { streamKey: key }),
      };
    }),
  );
  const now = deps.now();
  const start: StartPolicy =
    record.start.kind === 'once' && Date.parse(record.start.at) <= now ? { kind: 'manual' } : record.start;
  const end: EndPolicy = record.end.kind === 'at' && Date.parse(record.end.at) <= now ? { kind: 'none' } : record.end;
  const fields = LiveFields.parse({
    title: title ?? `${record.title} (copy)`.slice(0, LIVE_LIMITS.titleMax),
    source,
    destinations,
    encoding: record.encoding,
    loop: record.loop,
    start,
    end,
  });
  return deps.editor.create(caller, fields);
}
