// @vitest-environment jsdom
/**
 * The renderer's plumbing for several targets: `useRpc` (a stale answer never wins, a reconnection
 * reads again), `ApiProvider` (the selected target's API) and the per-target lives stores.
 */
import type { Live } from '@shared/contract/lives';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiBridge, LiveManagerApi } from '../bridge/api';
import { createConnection } from '../bridge/connection';
import { ApiProvider, useApi, useTarget } from './api-context';
import { LivesProvider, useLives } from './lives-context';
import { useRpc } from './use-rpc';

afterEach(cleanup);

/** A promise resolved from outside. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

type Listener = (payload: unknown) => void;

/** One engine as the page sees it: a `read(key)` for useRpc, `lives.list` and events for the lives store. */
class FakeEngine {
  readonly reads: { key: string; answer: ReturnType<typeof deferred<string>> }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  constructor(
    readonly id: string,
    readonly lives: Live[] = [],
  ) {}
  read(key: string): Promise<string> {
    const answer = deferred<string>();
    this.reads.push({ key, answer });
    return answer.promise;
  }
  emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
  api(bridge: FakeBridge): LiveManagerApi {
    const api = {
      engine: this,
      lives: { list: () => Promise.resolve({ items: this.lives, nextCursor: null }) },
      on: (event: string, listener: Listener) => {
        const set = this.listeners.get(event) ?? new Set<Listener>();
        set.add(listener);
        this.listeners.set(event, set);
        return () => set.delete(listener);
      },
      target: (id: string) => bridge.apiOf(id),
    };
    return api as unknown as LiveManagerApi;
  }
}

class FakeBridge implements ApiBridge {
  readonly connection = createConnection();
  readonly #apis = new Map<string, LiveManagerApi>();
  readonly engines: Map<string, FakeEngine>;
  constructor(...engines: FakeEngine[]) {
    this.engines = new Map(engines.map((e) => [e.id, e]));
  }
  apiOf(id: string): LiveManagerApi {
    let api = this.#apis.get(id);
    if (!api) {
      const engine = this.engines.get(id);
      if (!engine) throw new Error(`no target ${id}`);
      api = engine.api(this);
      this.#apis.set(id, api);
    }
    return api;
  }
  get api(): LiveManagerApi {
    return this.apiOf('local');
  }
}

const engineOf = (api: LiveManagerApi): FakeEngine => (api as unknown as { engine: FakeEngine }).engine;

function Reader({ name }: { name: string }) {
  const result = useRpc(`read:${name}`, (api) => engineOf(api).read(name));
  return <output data-testid="read">{result.loading ? 'loading' : result.data}</output>;
}

function live(id: string, title: string): Live {
  return { id, title, state: 'draft', updatedAt: '2026-12-01T00:00:00.000Z' } as unknown as Live;
}

describe('useRpc', () => {
  it('drops an answer that arrives after the key moved on: the slow first call never overwrites the second', async () => {
    const local = new FakeEngine('local');
    const bridge = new FakeBridge(local);
    const view = render(
      <ApiProvider bridge={bridge}>
        <Reader name="a" />
      </ApiProvider>,
    );
    view.rerender(
      <ApiProvider bridge={bridge}>
        <Reader name="b" />
      </ApiProvider>,
    );
    expect(local.reads.map((r) => r.key)).toEqual(['a', 'b']);
    await act(async () => local.reads[1]?.answer.resolve('answer to b'));
    expect(screen.getByTestId('read').textContent).toBe('answer to b');
    await act(async () => local.reads[0]?.answer.resolve('stale answer to a'));
    expect(screen.getByTestId('read').textContent).toBe('answer to b');
  });

  it('reads again after a reconnection (the epoch grows), and shows the new answer', async () => {
    const local = new FakeEngine('local');
    const bridge = new FakeBridge(local);
    render(
      <ApiProvider bridge={bridge}>
        <Reader name="status" />
      </ApiProvider>,
    );
    await act(async () => local.reads[0]?.answer.resolve('before'));
    expect(screen.getByTestId('read').textContent).toBe('before');
    act(() => bridge.connection.set({ state: 'lost', epoch: 0, reason: 'socket closed' }));
    expect(local.reads).toHaveLength(1);
    act(() => bridge.connection.set({ state: 'connected', epoch: 1 }));
    expect(local.reads).toHaveLength(2);
    await act(async () => local.reads[1]?.answer.resolve('after'));
    expect(screen.getByTestId('read').textContent).toBe('after');
  });
});

function TargetProbe() {
  const api = useApi();
  const { targetId, selectTarget } = useTarget();
  return (
    <>
      <output data-testid="target">{`${targetId}:${engineOf(api).id}`}</output>
      <button type="button" onClick={() => selectTarget(targetId === 'local' ? 'vps-1' : 'local')}>
        switch
      </button>
    </>
  );
}

describe('ApiProvider', () => {
  it("gives the local target's API first, then the selected target's, to every component below it", () => {
    const bridge = new FakeBridge(new FakeEngine('local'), new FakeEngine('vps-1'));
    render(
      <ApiProvider bridge={bridge}>
        <TargetProbe />
      </ApiProvider>,
    );
    expect(screen.getByTestId('target').textContent).toBe('local:local');
    act(() => screen.getByRole('button').click());
    expect(screen.getByTestId('target').textContent).toBe('vps-1:vps-1');
  });

  it('refuses a component used outside it, saying so', () => {
    const silence = console.error;
    console.error = () => undefined;
    try {
      expect(() => render(<TargetProbe />)).toThrow('This component must be inside <ApiProvider>.');
    } finally {
      console.error = silence;
    }
  });
});

function LivesProbe() {
  const lives = useLives((s) => s.lives);
  const titles = Object.values(lives).map((l) => l.title);
  return <output data-testid="lives">{titles.sort().join(',')}</output>;
}

describe('lives stores, one per target', () => {
  it("shows each target's own lives, keeps a target's store when switching back, and never mixes their events", async () => {
    const local = new FakeEngine('local', [live('l1', 'Local show')]);
    const vps = new FakeEngine('vps-1', [live('v1', 'VPS show')]);
    const bridge = new FakeBridge(local, vps);
    render(
      <ApiProvider bridge={bridge}>
        <TargetProbe />
        <LivesProvider>
          <LivesProbe />
        </LivesProvider>
      </ApiProvider>,
    );
    await screen.findByText('Local show');
    await act(async () => screen.getByRole('button').click());
    await screen.findByText('VPS show');
    expect(screen.getByTestId('lives').textContent).toBe('VPS show');
    // The local engine's event reaches only the local store, which is no longer connected: the
    // VPS store does not show it.
    act(() => local.emit('live.updated', live('l2', 'Local event')));
    act(() => vps.emit('live.updated', live('v2', 'VPS event')));
    expect(screen.getByTestId('lives').textContent).toBe('VPS event,VPS show');
    // Back on this computer: its store is kept (shown at once) and read again.
    await act(async () => screen.getByRole('button').click());
    expect(screen.getByTestId('lives').textContent).toContain('Local show');
    expect(screen.getByTestId('lives').textContent).not.toContain('VPS');
  });
});
