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
  note(text: string): void;
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
    const parts: string[] = [];
    if (load >= this.o.saturatedLoad) parts.push(`load ${load.toFixed(1)} per core`);
    if (slow > 0) parts.push(slow === 1 ? '1 live slower than real time' : `${slow} lives slower than real time`);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }

  /** Resolves true when the live may start, false if it was stopped while waiting. */
  async pass(ticket: GateTicket): Promise<boolean> {
    const busy = this.saturation();
    if (!busy) return true;
    if (this.o.mode() !== 'queue') {
      ticket.note(`The machine is saturated (${busy}): this live encodes and may not keep real time.`);
      return true;
    }
    ticket.note(`Waiting: the machine is saturated (${busy}); this live encodes, it starts when there is room.`);
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
    ticket.note('The machine has room again: starting.');
    return true;
  }
}
