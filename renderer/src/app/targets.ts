import { LOCAL_TARGET_ID, type TargetRecord } from '@shared/contract/host-targets';
import { useEffect, useState } from 'react';
import { useApi, useConnection, useTarget } from './api-context';

const LOCAL: TargetRecord = { kind: 'local', id: LOCAL_TARGET_ID, label: 'This computer', state: 'connected' };

/**
 * The engines this window can drive ("This computer", and the agents added in the desktop app)
 * with their state, kept current by `targets.changed` and `target.state`.
 */
export function useTargets(): { targets: readonly TargetRecord[]; selected: TargetRecord } {
  const api = useApi();
  const { epoch } = useConnection();
  const { targetId } = useTarget();
  const [targets, setTargets] = useState<readonly TargetRecord[]>([LOCAL]);
  useEffect(() => {
    let current = true;
    const offs = [
      api.on('targets.changed', ({ targets: next }) => current && setTargets(next)),
      api.on('target.state', ({ targetId: id, state, reason, problem }) => {
        if (!current) return;
        setTargets((list) =>
          list.map((t) => {
            if (t.id !== id) return t;
            if (t.kind !== 'ssh') return { ...t, state };
            // A problem (retrying, host key changed) lasts only as long as the state that told it.
            const { problem: _gone, ...rest } = t;
            return { ...rest, state, ...(reason ? { lastError: reason } : {}), ...(problem ? { problem } : {}) };
          }),
        );
      }),
    ];
    api.targets.list().then(
      ({ targets: list }) => current && setTargets(list),
      () => undefined,
    );
    return () => {
      current = false;
      for (const off of offs) off();
    };
  }, [api, epoch]);
  return { targets, selected: targets.find((t) => t.id === targetId) ?? LOCAL };
}
