import type { NotificationConstructorOptions } from 'electron';
import type { NotificationPreferences } from '../settings/settings-schema';
import type { z } from 'zod';

/**
 * The engine's `notification` event, as the desktop reads it (shared/contract/notifications.ts
 * declares the full schema; only these fields matter here).
 */
export interface EngineNotice {
  kind: string;
  liveId?: string | undefined;
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'error';
  /** The account's own choice for this kind (engine preferences); absent: yes. */
  desktop?: boolean | undefined;
}

type Preferences = z.output<typeof NotificationPreferences>;

const PREFERENCE_OF: Record<string, keyof Preferences | undefined> = {
  'live.started': 'liveStarted',
  'live.failed': 'liveFailed',
  'live.reconnecting': 'liveFailed',
  'live.degraded': 'liveFailed',
  'live.ended': 'liveEnded',
  'schedule.missed': 'scheduleMissed',
};

/** Pure: the native notification to show for an engine notice, or null when the user muted it. */
export function nativeNotificationFor(notice: EngineNotice, prefs: Preferences): NotificationConstructorOptions | null {
  if (!prefs.desktop || notice.desktop === false) return null;
  const preference = PREFERENCE_OF[notice.kind];
  if (preference && !prefs[preference]) return null;
  return {
    title: notice.title.slice(0, 120),
    body: notice.body.slice(0, 400),
    urgency: notice.severity === 'error' ? 'critical' : 'normal',
    silent: notice.severity === 'info',
  };
}

export interface NotifierDeps {
  /** Electron's Notification class (mocked in tests). */
  Notification: {
    new (options: NotificationConstructorOptions): { on(event: 'click', fn: () => void): unknown; show(): void };
    isSupported(): boolean;
  };
  preferences: () => Preferences;
  /** Bring the window up on that live (of that target). */
  openLive: (liveId: string, target: string) => void;
  /** Shown notifications are kept referenced: a collected one loses its click handler. */
  keep?: number;
}

/** Show native notifications for engine notices; clicking one opens its live. */
export function createNotifier(deps: NotifierDeps): { show(notice: EngineNotice, target: string): boolean } {
  const kept: unknown[] = [];
  return {
    show(notice, target) {
      if (!deps.Notification.isSupported()) return false;
      const options = nativeNotificationFor(notice, deps.preferences());
      if (!options) return false;
      const notification = new deps.Notification(options);
      const liveId = notice.liveId;
      if (liveId) notification.on('click', () => deps.openLive(liveId, target));
      notification.show();
      kept.push(notification);
      if (kept.length > (deps.keep ?? 20)) kept.shift();
      return true;
    },
  };
}

/** A loose check that an event payload is a notice (it was validated by the engine already). */
export function isEngineNotice(payload: unknown): payload is EngineNotice {
  const p = payload as Partial<EngineNotice> | null;
  return (
    typeof p === 'object' && p !== null && typeof p.title === 'string' && typeof p.body === 'string' && typeof p.kind === 'string'
  );
}
