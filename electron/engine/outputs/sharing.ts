import { engineMessage } from '@shared/messages/engine-message';
import { hostname, networkInterfaces } from 'node:os';
import { RpcError } from '@shared/contract/errors';
import { SHARING_PORTS, type Sharing } from '@shared/contract/outputs';
import type { HttpService, PublicListenerOptions } from '../http/http-service';
import type { OutputStore } from './output-store';

interface SharingSettings {
  readonly enabled: boolean;
  readonly port: number;
  readonly address: string | null;
}

const KEY = 'sharing';
const OFF: SharingSettings = { enabled: false, port: SHARING_PORTS.default, address: null };
/** Listed last: "this computer only", for a player on the same machine (and tests). */
const THIS_COMPUTER = '127.0.0.1';

/** This machine's IPv4 LAN addresses, private ranges first, then loopback. */
export function lanAddresses(): string[] {
  const found = Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i && i.family === 'IPv4' && !i.internal ? [i.address] : []));
  const isPrivate = (a: string): boolean => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  return [...new Set([...found.filter(isPrivate), ...found.filter((a) => !isPrivate(a)), THIS_COMPUTER])];
}

/**
 * Where the public listener answers. On the desktop it is off until the user turns on LAN
 * sharing (then on the chosen LAN address and port, remembered in the engine's database and
 * applied again at every start). On the VPS agent the host fixes it (`serve --public-listen`)
 * and this only reports it.
 */
export class SharingControl {
  constructor(
    private readonly http: HttpService,
    private readonly store: OutputStore,
  ) {}

  /** At engine start: turn the listener on again if the user left it on. A failure is kept in the state. */
  async applySaved(): Promise<void> {
    const saved = this.#settings();
    if (this.http.publicState().fixed || !saved.enabled) return;
    await this.http.configurePublic(this.#listenerOf(saved, lanAddresses())).catch(() => undefined);
  }

  view(): Sharing {
    const state = this.http.publicState();
    const base = this.http.baseUrl('public');
    const at = (path: string): string | null => (base === null ? null : `${base}/${path}`);
    const saved = this.#settings();
    return {
      control: state.fixed ? 'host' : 'app',
      enabled: state.fixed ? true : saved.enabled,
      address: state.options?.host ?? saved.address,
      port: state.options?.port ?? saved.port,
      url: base,
      listening: state.listening,
      error: state.error,
      lanAddresses: state.fixed ? [] : lanAddresses(),
      addresses: { live: at('live.m3u8'), m3u: at('playlist.m3u'), xmltv: at('guide.xml') },
    };
  }

  /** Turn LAN sharing on (or move it) or off. A port that cannot be taken is reported, not thrown. */
  async set(input: { enabled: boolean; port?: number | undefined; address?: string | undefined }): Promise<Sharing> {
    if (this.http.publicState().fixed) {
      throw RpcError.of('INVALID_STATE', engineMessage('outputs.listenFixedByAgent'));
    }
    const addresses = lanAddresses();
    const saved = this.#settings();
    if (input.address !== undefined && !addresses.includes(input.address)) {
      throw RpcError.of(
        'INVALID_PARAMS',
        engineMessage('outputs.notAnAddressHere', { address: input.address, addresses: addresses.join(', ') }),
      );
    }
    const next: SharingSettings = {
      enabled: input.enabled,
      port: input.port ?? saved.port,
      address: input.address ?? saved.address,
    };
    this.store.setSetting(KEY, JSON.stringify(next));
    await this.http.configurePublic(next.enabled ? this.#listenerOf(next, addresses) : null).catch(() => undefined);
    return this.view();
  }

  #listenerOf(settings: SharingSettings, addresses: readonly string[]): PublicListenerOptions {
    const address =
      settings.address !== null && addresses.includes(settings.address) ? settings.address : (addresses[0] ?? THIS_COMPUTER);
    const name = hostname().toLowerCase();
    // The Host header a LAN browser sends: the address itself, or this machine's name.
    const hostNames = [address, name, `${name}.local`, ...(address === THIS_COMPUTER ? ['localhost'] : [])];
    return { host: address, port: settings.port, hostNames, publicUrl: `http://${address}:${settings.port}` };
  }

  #settings(): SharingSettings {
    const text = this.store.setting(KEY);
    if (!text) return OFF;
    try {
      const parsed = JSON.parse(text) as Partial<SharingSettings>;
      return {
        enabled: parsed.enabled === true,
        port: typeof parsed.port === 'number' ? parsed.port : OFF.port,
        address: typeof parsed.address === 'string' ? parsed.address : null,
      };
    } catch {
      return OFF;
    }
  }
}
