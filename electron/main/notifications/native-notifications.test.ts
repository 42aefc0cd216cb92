import { describe, expect, it, vi } from 'vitest';
import { Notification as NoticeSchema } from '@shared/contract/notifications';
import { DEFAULT_SETTINGS } from '../settings/settings-schema';
import { createNotifier, isEngineNotice, nativeNotificationFor, type EngineNotice } from './native-notifications';

/** Stands in for Electron's Notification: records what was shown and lets the test click it. */
class FakeNotification {
  static shown: FakeNotification[] = [];
  static isSupported = (): boolean => true;
  readonly handlers: (() => void)[] = [];
  constructor(readonly options: { title?: string; body?: string; urgency?: string }) {}
  on(_event: 'click', fn: () => void): this {
    this.handlers.push(fn);
    return this;
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  click(): void {
    this.handlers.forEach((h) => h());
  }
}

const failed: EngineNotice = {
  kind: 'live.failed',
  liveId: 'live-42',
  title: 'Sunday mass failed',
  body: 'YouTube refused the stream key.',
  severity: 'error',
};

describe('native notifications', () => {
  it('the notice type matches the contract’s notification event', () => {
    const fromContract = NoticeSchema.parse({ ...failed, at: '2026-03-29T18:00:00Z' });
    expect(isEngineNotice(fromContract)).toBe(true);
    expect(isEngineNotice({ nope: true })).toBe(false);
  });

  it('shows an engine notice natively; clicking it opens that live on its target', () => {
    FakeNotification.shown = [];
    const openLive = vi.fn();
    const notifier = createNotifier({
      Notification: FakeNotification,
      preferences: () => DEFAULT_SETTINGS.notifications,
      openLive,
    });
    expect(notifier.show(failed, 'vps-paris')).toBe(true);
    const [shown] = FakeNotification.shown;
    expect(shown?.options).toMatchObject({
      title: 'Sunday mass failed',
      body: 'YouTube refused the stream key.',
      urgency: 'critical',
    });
    shown?.click();
    expect(openLive).toHaveBeenCalledExactlyOnceWith('live-42', 'vps-paris');
  });

  it('respects the notification preferences', () => {
    const prefs = DEFAULT_SETTINGS.notifications;
    expect(nativeNotificationFor({ ...failed, kind: 'live.ended' }, prefs)).toBeNull(); // off by default
    expect(nativeNotificationFor(failed, { ...prefs, liveFailed: false })).toBeNull();
    expect(nativeNotificationFor(failed, { ...prefs, desktop: false })).toBeNull();
    // The account's own choice, sent by its engine with the notice.
    expect(nativeNotificationFor({ ...failed, desktop: false }, prefs)).toBeNull();
    expect(nativeNotificationFor({ ...failed, desktop: true }, prefs)).not.toBeNull();
    expect(nativeNotificationFor({ ...failed, kind: 'user.registered', severity: 'info' }, prefs)).toMatchObject({
      silent: true,
    });
  });

  it('shows nothing where the OS has no notifications', () => {
    class Unsupported extends FakeNotification {
      static override isSupported = (): boolean => false;
    }
    const notifier = createNotifier({
      Notification: Unsupported,
      preferences: () => DEFAULT_SETTINGS.notifications,
      openLive: vi.fn(),
    });
    expect(notifier.show(failed, 'local')).toBe(false);
  });
});
