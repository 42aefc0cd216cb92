import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, type Route } from './route';

describe('hash routes', () => {
  it('opens the dashboard by default and round-trips every route', () => {
    expect(parseRoute('')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/system')).toEqual({ page: 'system' });
    expect(parseRoute('#/lives')).toEqual({ page: 'lives' });
    expect(parseRoute('#/channels')).toEqual({ page: 'channels' });
    expect(parseRoute('#/outputs')).toEqual({ page: 'outputs' });
    expect(parseRoute('#/lives/abc%2F1')).toEqual({ page: 'live', liveId: 'abc/1' });
    const routes: Route[] = [
      { page: 'dashboard' },
      { page: 'lives' },
      { page: 'channels' },
      { page: 'outputs' },
      { page: 'team' },
      { page: 'settings' },
      { page: 'system' },
      { page: 'live', liveId: 'x y/z' },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
  });
});
