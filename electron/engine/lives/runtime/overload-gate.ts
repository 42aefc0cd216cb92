import { engineMessage, englishOf, type EngineMessage } from '@shared/messages/engine-message';
import { loadPerCore } from './machine-load';
import { onTick } from './shared-ticker';

export interface OverloadGateOptions {
  /**
   * `warn`: a note and the live starts; `queue`: it waits in `queued` until there is room. Read at
   * each start (a setting the admin may change).
   */
  readonly mode: () => 'warn' | 'queue';
  /** The machine's load per core (injectable for tests). */
  readonly machineLoad?: (() => number) | undefined;
  /** Load per core from which the machine counts as saturated. */
  readonly saturatedLoad: number;
  /** How many other lives run slower than real time right now. */
  readonly slowLives: () => number;
  readonly now: () => number;
}

/** One live waiting at the gate: its notes, whether it was stopped, and how to cancel its wait. */
export interface GateTicket {
  note(message: EngineMessage): void;
  done(): boolean;
  /** Called with the wait's canceller (to run when the live stops), then with undefined. */
  onWait(stop: (() => void) | undefined): void;
}

/**
 * Whether an ENCODING live may start now: the machine is saturated when its load per core reaches
 * `saturatedLoad` or a live already runs slower than real time. Then a note, and in `queue` mode a
 * wait (looking every 2 s: the load average moves slowly). See docs/restream-engine.md, "Overload".
 */
export class OverloadGate {
  constructor(private readonly o: OverloadGateOptions) {}

  /** Why the machine counts as saturated, or undefined. */
  saturation(): string | undefined {
    const load = (this.o.machineLoad ?? loadPerCore)();
    const slow = this.o.slowLives();
    const parts: EngineMessage[] = [];
    if (load >= this.o.saturatedLoad) parts.push(engineMessage('runs.busyLoad', { load: load.toFixed(1) }));
    if (slow > 0)
      parts.push(slow === 1 ? engineMessage('runs.busyOneSlowLive') : engineMessage('runs.busySlowLives', { count: slow }));
    // Each part is a catalog sentence: the UI translates the list part by part (renderer/src/lib/message.ts).
    return parts.length > 0 ? parts.map(englishOf).join(', ') : undefined;
  }

  /** Resolves true when the live may start, false if it was stopped while waiting. */
  async pass(ticket: GateTicket): Promise<boolean> {
    const busy = this.saturation();
    if (!busy) return true;
    if (this.o.mode() !== 'queue') {
      ticket.note(engineMessage('runs.saturatedWarn', { busy }));
      return true;
    }
    ticket.note(engineMessage('runs.saturatedWaiting', { busy }));
    await new Promise<void>((resolve) => {
      let checkAt = 0;
      const stop = onTick(() => {
        const now = this.o.now();
        if (!ticket.done() && now < checkAt) return;
        if (!ticket.done() && this.saturation()) {
          checkAt = now + 2000;
          return;
        }
        stop();
        ticket.onWait(undefined);
        resolve();
      });
      ticket.onWait(() => {
        stop();
        resolve();
      });
    });
    if (ticket.done()) return false;
    ticket.note(engineMessage('runs.roomAgain'));
    return true;
  }
}
