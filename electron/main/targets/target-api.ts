import { engineContract, type EngineContract } from '@shared/contract';
import type { ApiOf } from '@shared/contract/define';
import { RpcError } from '@shared/contract/errors';
import { buildApi } from '@shared/rpc/api';
import type { TargetRegistry } from './target-registry';

export type EngineApi = ApiOf<EngineContract>;

/**
 * The typed engine API of one target, for main's own callers (the tray, quitting): named
 * methods through the registry, typed errors thrown as RpcError, and only that target's events.
 */
export function targetApi(registry: TargetRegistry, targetId: string): EngineApi {
  return buildApi(
    engineContract,
    async (method, input) => {
      const result = await registry.call(targetId, method, input);
      if (result.ok) return result.value;
      throw RpcError.fromPayload(result.error);
    },
    (event, listener) =>
      registry.subscribe((target, name, payload) => {
        if (target === targetId && name === event) listener(payload);
      }),
  );
}
