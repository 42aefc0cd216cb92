import { describe, expect, it } from 'vitest';
import { absoluteLayout, agentLayout, attachCommand, remotePathWord } from './agent-layout';

describe('the agent folder on a VPS', () => {
  it('keeps ~ for the VPS shell to expand, and resolves it for SFTP', () => {
    const layout = agentLayout();
    expect(attachCommand(layout)).toBe('"$HOME"/.livemanager-agent/bin/livemanager-agent attach');
    expect(absoluteLayout(layout, '/home/ana')).toMatchObject({
      dir: '/home/ana/.livemanager-agent',
      bundle: '/home/ana/.livemanager-agent/bin/livemanager-agent.mjs',
      privateNode: '/home/ana/.livemanager-agent/node/bin/node',
      mediaDir: '/home/ana/.livemanager-agent/media',
    });
  });

  it('quotes an absolute folder with odd characters', () => {
    expect(remotePathWord("/srv/live's agent")).toBe("'/srv/live'\\''s agent'");
    expect(attachCommand(agentLayout('/srv/a b'))).toBe("'/srv/a b/bin/livemanager-agent' attach");
  });

  it('refuses relative folders, .., and the bare home', () => {
    for (const bad of ['agent', '~', '~/', '/', '~/../etc', '/srv/../etc', '$HOME/x']) {
      expect(() => agentLayout(bad), bad).toThrow(/must be an absolute path or start with ~\//);
    }
  });
});
