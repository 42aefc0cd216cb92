import { accountsEvents, accountsMethods } from './accounts';
import { chatMethods } from './chat';
import type { Contract, MethodName } from './define';
import { settingsEvents, settingsMethods } from './host-settings';
import { targetsEvents, targetsMethods } from './host-targets';
import { iptvEvents, iptvMethods } from './iptv';
import { libraryEvents, libraryMethods } from './library';
import { livesEvents, livesMethods } from './lives';
import { notificationsEvents, notificationsMethods } from './notifications';
import { outputsEvents, outputsMethods } from './outputs';
import { scheduleMethods } from './schedule';
import { shellEvents, shellMethods } from './shell';
import { systemEvents, systemMethods } from './system';

/**
 * What an engine serves (this computer's, or a VPS agent's): every domain's methods and events.
 * Each domain declares them in its own file; this is the one place they meet.
 */
export const engineContract = {
  methods: {
    ...systemMethods,
    ...livesMethods,
    ...accountsMethods,
    ...notificationsMethods,
    ...scheduleMethods,
    ...iptvMethods,
    ...libraryMethods,
    ...outputsMethods,
    ...chatMethods,
  },
  events: {
    ...systemEvents,
    ...accountsEvents,
    ...livesEvents,
    ...notificationsEvents,
    ...iptvEvents,
    ...libraryEvents,
    ...outputsEvents,
  },
} satisfies Contract;

/**
 * What the host the renderer talks to answers itself (Electron main, or the web host's
 * stand-ins): file pickers, the app's preferences, the list of engines. Routed by namespace,
 * never forwarded to an engine.
 */
export const hostContract = {
  methods: {
    ...shellMethods,
    ...settingsMethods,
    ...targetsMethods,
  },
  events: {
    ...shellEvents,
    ...settingsEvents,
    ...targetsEvents,
  },
} satisfies Contract;

/** The namespaces of host methods. A call in one of them never reaches an engine. */
export const HOST_NAMESPACES: readonly string[] = Object.freeze(['shell', 'settings', 'targets']);

/**
 * The whole contract the renderer sees: the engine's and the host's. The preload, the browser
 * bridge and the typed API are generated from it.
 */
export const contract = {
  methods: { ...engineContract.methods, ...hostContract.methods },
  events: { ...engineContract.events, ...hostContract.events },
} satisfies Contract;

export type EngineContract = typeof engineContract;
export type HostContract = typeof hostContract;
export type AppContract = typeof contract;
export type EngineMethodName = MethodName<EngineContract>;
export type HostMethodName = MethodName<HostContract>;

/** Whether a call belongs to the host (by its namespace), whatever the method after the dot. */
export function isHostNamespace(method: string): boolean {
  const dot = method.indexOf('.');
  return dot > 0 && HOST_NAMESPACES.includes(method.slice(0, dot));
}

export * from './define';
export * from './errors';
