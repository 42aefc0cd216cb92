import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { askStopLivesAndQuit, installQuitGuard } from './quit-guard';

vi.mock('electron', () => ({}));

class FakeApp extends EventEmitter {
  quits = 0;
  /** Like Electron: emits before-quit; the quit happens unless a listener prevented it. */
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
}

describe('quitting with lives running', () => {
  it('asks first, and does not quit when the user cancels', async () => {
    const app = new FakeApp();
    const confirm = vi.fn(() => Promise.resolve(false));
    const stopAll = vi.fn(() => Promise.resolve());
    const guard = installQuitGuard(app, { running: () => [{ id: 'l1', title: 'Sunday mass' }], confirm, stopAll });
    app.quit();
    await vi.waitFor(() => expect(confirm).toHaveBeenCalledWith(['Sunday mass']));
    await Promise.resolve();
    expect(app.quits).toBe(0);
    expect(stopAll).not.toHaveBeenCalled();
    expect(guard.isQuitting()).toBe(false);
  });

  it('stops the lives then quits when the user confirms', async () => {
    const app = new FakeApp();
    const order: string[] = [];
    const guard = installQuitGuard(app, {
      running: () => [{ id: 'l1', title: 'A' }],
      confirm: () => Promise.resolve(true),
      stopAll: () => (order.push('stopAll'), Promise.resolve()),
    });
    app.quit();
    await vi.waitFor(() => expect(app.quits).toBe(1));
    expect(order).toEqual(['stopAll']);
    expect(guard.isQuitting()).toBe(true);
  });

  it('quits at once when nothing runs', () => {
    const app = new FakeApp();
    const confirm = vi.fn(() => Promise.resolve(true));
    installQuitGuard(app, { running: () => [], confirm, stopAll: () => Promise.resolve() });
    app.quit();
    expect(app.quits).toBe(1);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('asks once even if Quit is pressed again while the dialog is open', async () => {
    const app = new FakeApp();
    let answer: (ok: boolean) => void = () => undefined;
    const confirm = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    installQuitGuard(app, { running: () => [{ id: 'l1', title: 'A' }], confirm, stopAll: () => Promise.resolve() });
    app.quit();
    app.quit();
    expect(confirm).toHaveBeenCalledTimes(1);
    answer(true);
    await vi.waitFor(() => expect(app.quits).toBe(1));
  });

  it('uses a native warning dialog whose default and cancel answer is Cancel', async () => {
    const showMessageBox = vi.fn((..._args: unknown[]) => Promise.resolve({ response: 1, checkboxChecked: false }));
    expect(await askStopLivesAndQuit({ showMessageBox } as never, undefined, ['A', 'B'])).toBe(false);
    expect(showMessageBox.mock.calls[0]?.[0]).toMatchObject({
      type: 'warning',
      buttons: ['Stop lives and quit', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: '2 lives are running. Quit anyway?',
    });
    showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await askStopLivesAndQuit({ showMessageBox } as never, undefined, ['A'])).toBe(true);
  });
});
