import type { AccountsPort } from './accounts/accounts-port';
import type { ChatPort } from './chat/chat-port';
import type { IptvPort } from './iptv/ports';
import type { LibraryPort } from './library/ports';
import type { LivesPort } from './lives/lives-port';
import type { OutputsPort } from './outputs/outputs-port';

/**
 * What each domain offers the others, by module name: its `exports`. A domain reaches another
 * only through these ports (typed calls), never through its tables, its internals or its
 * string-named RPC handlers. A domain that offers nothing is not listed.
 */
export interface EnginePorts {
  readonly accounts: AccountsPort;
  readonly lives: LivesPort;
  readonly iptv: IptvPort;
  readonly library: LibraryPort;
  readonly outputs: OutputsPort;
  readonly chat: ChatPort;
}

export type PortName = keyof EnginePorts;

/** How a module reads the others' ports (`EngineDeps.ports`). */
export interface PortReader {
  /** The port of a module of this engine; throws, naming it, when the engine runs without it. */
  get<K extends PortName>(name: K): EnginePorts[K];
  /** The port, or undefined when this engine runs without that module (tests, optional domains). */
  find<K extends PortName>(name: K): EnginePorts[K] | undefined;
}

/**
 * The engine's ports, filled as modules are built (in module order). A module may read a port
 * while it is built when that module comes before it, or later (in a handler, in `start`) in
 * any order.
 */
export class PortRegistry implements PortReader {
  readonly #ports = new Map<string, unknown>();

  provide(name: string, port: unknown): void {
    if (port === undefined) return;
    if (this.#ports.has(name)) throw new Error(`Two engine modules export the "${name}" port.`);
    this.#ports.set(name, port);
  }

  get<K extends PortName>(name: K): EnginePorts[K] {
    const port = this.find(name);
    if (port === undefined) throw new Error(`This engine has no "${name}" module (or it is not built yet).`);
    return port;
  }

  find<K extends PortName>(name: K): EnginePorts[K] | undefined {
    return this.#ports.get(name) as EnginePorts[K] | undefined;
  }
}
