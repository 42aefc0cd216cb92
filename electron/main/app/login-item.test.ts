import { describe, expect, it } from 'vitest';
import { syncLoginItem } from './login-item';

describe('start at login', () => {
  it('follows the setting now and on every change, without redundant calls', () => {
    const calls: unknown[] = [];
    let startAtLogin = false;
    let changed: () => void = () => undefined;
    syncLoginItem({ setLoginItemSettings: (s: unknown) => void calls.push(s) } as never, {
      get: () => ({ startAtLogin }),
      onChange: (l) => ((changed = l), () => undefined),
    });
    startAtLogin = true;
    changed();
    changed();
    startAtLogin = false;
    changed();
    expect(calls).toEqual([{ openAtLogin: false }, { openAtLogin: true }, { openAtLogin: false }]);
  });
});
