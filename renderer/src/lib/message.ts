import { isRpcError } from '@shared/contract/errors';
import type { TFunction } from 'i18next';

/**
 * The sentence of a failure, whatever was thrown (RpcError messages are written for people).
 * With `t`, a call refused because the engine is out of reach is said in the UI language.
 */
export function messageOf(error: unknown, t?: TFunction): string {
  if (t && isRpcError(error) && error.code === 'DISCONNECTED') return t('connection.notConnected');
  return error instanceof Error ? error.message : String(error);
}
