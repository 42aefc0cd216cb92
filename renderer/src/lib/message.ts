/** The sentence of a failure, whatever was thrown (RpcError messages are written for people). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
