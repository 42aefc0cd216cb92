import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentBundlePath } from './agent-bundle';

describe('agentBundlePath', () => {
  it('is out/agent beside out/main, and outside app.asar in a package', () => {
    expect(agentBundlePath('/repo/out/main')).toBe(path.normalize('/repo/out/agent/livemanager-agent.mjs'));
    expect(agentBundlePath('/opt/LiveManager/resources/app.asar/out/main')).toBe(
      path.normalize('/opt/LiveManager/resources/app.asar.unpacked/out/agent/livemanager-agent.mjs'),
    );
  });
});
