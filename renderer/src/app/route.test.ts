import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute } from './route';

describe('hash routes', () => {
  it('opens the lives list by default and round-trips every route', () => {
    expect(parseRoute('')).toEqual({ page: 'lives' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'lives' });
    expect(parseRoute('#/system')).toEqual({ page: 'system' });
    expect(parseRoute('#/channels')).toEqual({ page: 'channels' });
    expect(parseRoute('#/lives/abc%2F1')).toEqual({ page: 'live', liveId: 'abc/1' });
    for (const route of [
      { page: 'lives' },
      { page: 'system' },
      { page: 'channels' },
      { page: 'live', liveId: 'x y/z' },
    ] as const) {
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });
});
