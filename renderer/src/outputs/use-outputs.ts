import type { Output, OutputLink, Sharing } from '@shared/contract/outputs';
import { useEffect, useEffectEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { useRpc } from '../app/use-rpc';

/** A counter that grows (at most every 300 ms) when one of `events` arrives: the list is asked for again. */
function useEventVersion(subscribe: (bump: () => void) => (() => void)[]): [number, () => void] {
  const [version, setVersion] = useState(0);
  const api = useApi();
  const subscribeNow = useEffectEvent(subscribe);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = (): void => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, 300);
    };
    const offs = subscribeNow(bump);
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api]);
  return [version, () => setVersion((v) => v + 1)];
}

/** The engine's outputs, read again when one changes (fields, feed, viewers) or goes. */
export function useOutputs(): { outputs: Output[]; loading: boolean; error: unknown; reload: () => void } {
  const api = useApi();
  const [version, reload] = useEventVersion((bump) => [api.on('output.updated', bump), api.on('output.deleted', bump)]);
  const { data, loading, error } = useRpc(`outputs#${version}`, (a) => a.outputs.list({}), { keepPrevious: true });
  return { outputs: data?.items ?? [], loading, error, reload };
}

/** Where the public listener answers, kept current by `outputs.sharing`. */
export function useSharing(): { sharing: Sharing | undefined; error: unknown } {
  const api = useApi();
  const [version] = useEventVersion((bump) => [api.on('outputs.sharing', bump)]);
  const { data, error } = useRpc(`sharing#${version}`, (a) => a.outputs.getSharing({}), { keepPrevious: true });
  return { sharing: data, error };
}

/** An output's links, newest first, read again when one of them changes (views, revoked). */
export function useLinks(outputId: string): { links: OutputLink[]; loading: boolean; error: unknown; reload: () => void } {
  const api = useApi();
  const [version, reload] = useEventVersion((bump) => [
    api.on('output.linkUpdated', (e) => {
      if (e.link.outputId === outputId) bump();
    }),
  ]);
  const { data, loading, error } = useRpc(`links:${outputId}#${version}`, (a) => a.outputs.listLinks({ outputId }), {
    keepPrevious: true,
  });
  return { links: data?.items ?? [], loading, error, reload };
}
