import { accountsMethods } from './accounts';
import type { Contract } from './define';
import { iptvEvents, iptvMethods } from './iptv';
import { livesEvents, livesMethods } from './lives';
import { notificationsEvents, notificationsMethods } from './notifications';
import { scheduleMethods } from './schedule';
import { shellEvents } from './shell';
import { systemMethods } from './system';

/**
 * The whole contract between the renderer, Electron main, the web host and the VPS agent.
 * Each domain declares its methods and events in its own file; this is the one place they meet.
 */
export const contract = {
  methods: {
    ...systemMethods,
    ...livesMethods,
    ...accountsMethods,
    ...notificationsMethods,
    ...scheduleMethods,
    ...iptvMethods,
  },
  events: {
    ...livesEvents,
    ...notificationsEvents,
    ...shellEvents,
    ...iptvEvents,
  },
} satisfies Contract;

export type AppContract = typeof contract;

export * from './define';
export * from './errors';
