import { z } from 'zod';
import type { FrameChannel } from '@shared/rpc/protocol';

/**
 * The first line every client writes on the agent's socket, before any RPC frame. The socket is
 * 0600 in a 0700 folder, so only the agent's Unix user (or root) can write it, and serve trusts it:
 * - `attach` (run by sshd for the app) passes the SSH peer address, for login rate limits; its
 *   calls then need a session like any remote client.
 * - `cli` is the machine's owner at a shell (`live list`, `status`): it acts as an admin.
 */
export const Hello = z.discriminatedUnion('client', [
  z.object({ t: z.literal('hello'), v: z.literal(1), client: z.literal('attach'), peer: z.string().min(1).max(100) }).strict(),
  z.object({ t: z.literal('hello'), v: z.literal(1), client: z.literal('cli') }).strict(),
]);
export type Hello = z.infer<typeof Hello>;

/** The hello `attach` sends: the address sshd put in SSH_CLIENT ("address port localport"), if any. */
export function attachHello(env: NodeJS.ProcessEnv): Hello {
  const address = env.SSH_CLIENT?.trim().split(/\s+/)[0];
  return { t: 'hello', v: 1, client: 'attach', peer: address ? `ssh:${address.slice(0, 90)}` : 'local-attach' };
}

export const CLI_HELLO: Hello = { t: 'hello', v: 1, client: 'cli' };

/**
 * Read the hello off a fresh connection and hand back a channel that carries only what follows.
 * Frames that arrive with the hello (same chunk) are kept until the RPC server listens, so none
 * is lost. Rejects when the first frame is not a hello, or none comes within `timeoutMs`.
 */
export function acceptHello(channel: FrameChannel, timeoutMs: number): Promise<{ hello: Hello; channel: FrameChannel }> {
  return new Promise((resolve, reject) => {
    let hello: Hello | null = null;
    const queued: string[] = [];
    const listeners: ((frame: string) => void)[] = [];
    const timer = setTimeout(() => reject(new Error(`no hello within ${timeoutMs} ms`)), timeoutMs);
    channel.onClose(() => {
      clearTimeout(timer);
      reject(new Error('closed before its hello'));
    });
    channel.onFrame((text) => {
      if (hello) {
        if (listeners.length === 0) queued.push(text);
        for (const listener of listeners) listener(text);
        return;
      }
      clearTimeout(timer);
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        raw = undefined;
      }
      const parsed = Hello.safeParse(raw);
      if (!parsed.success) {
        reject(new Error('the first frame is not a hello'));
        return;
      }
      hello = parsed.data;
      resolve({
        hello,
        // The same channel (flow control included), its frames after the hello only.
        channel: {
          send: (frame) => channel.send(frame),
          onFrame(listener) {
            listeners.push(listener);
            for (const frame of queued.splice(0)) listener(frame);
          },
          onOversized: (listener) => channel.onOversized(listener),
          onClose: (listener) => channel.onClose(listener),
          close: () => channel.close(),
          destroy: (reason) => channel.destroy(reason),
          queuedBytes: () => channel.queuedBytes(),
          onDrain: (listener) => channel.onDrain(listener),
          pauseReading: () => channel.pauseReading(),
          resumeReading: () => channel.resumeReading(),
        },
      });
    });
  });
}
