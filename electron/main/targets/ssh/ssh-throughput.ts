import { createSecretKey } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Client } from 'ssh2';

interface CipherInternals {
  _protocol?: { _cipher?: { _encKey?: unknown } };
}

/**
 * Throughput fixes for ssh2 without its optional native add-on (the app ships none: no compiler
 * on users' machines). ssh2 then builds a fresh AES-GCM cipher for every 32 KiB packet from a raw
 * key Buffer, and Node turns that Buffer into a key object each time; handing ssh2 a KeyObject
 * once per handshake cuts about a quarter of an upload's CPU (docs/performance.md). This reaches
 * into ssh2's private fields, guarded: if they change, nothing happens and the test
 * tests/ssh/ssh-throughput.test.ts says so. Returns whether the key is now a KeyObject.
 */
export function reuseCipherKey(client: Client): boolean {
  const cipher = (client as unknown as CipherInternals)._protocol?._cipher;
  if (!cipher || !('_encKey' in cipher)) return false;
  if (Buffer.isBuffer(cipher._encKey)) cipher._encKey = createSecretKey(cipher._encKey);
  return typeof cipher._encKey === 'object' && cipher._encKey !== null && !Buffer.isBuffer(cipher._encKey);
}

/**
 * ssh2 writes each packet as three or four small buffers (length, body, tag); corking the socket
 * until the end of the tick sends them in one writev.
 */
export function corkPerTick(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  }) as Socket['write'];
}
