import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import { agentBundle, attach, createAdminAccount, runAgent, startServe, type ServeProcess } from '../support/agent-process';
import { waitFor } from '../support/wait-for';

const ADMIN = { email: 'boss@example.com', password: 'a long admin password' };
const MEMBER = { email: 'streamer@example.com', password: 'another long password' };

// `live list|start|stop` are the machine owner's: the socket is theirs (0600), so the CLI acts
// as an admin, and on a live as its owner — which an admin signed in over attach may not.
describe('livemanager-agent live list|start|stop', { timeout: 180_000 }, () => {
  let agentJs: string;
  let dataDir: string;
  let serve: ServeProcess;
  let live: Live;
  beforeAll(async () => {
    agentJs = await agentBundle();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-ag-'));
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    serve = await startServe(agentJs, dataDir);
    const admin = attach(agentJs, dataDir);
    const member = attach(agentJs, dataDir);
    const { user } = await member.client.api.auth.register({ ...MEMBER, language: 'en' });
    await admin.client.api.auth.login(ADMIN);
    await admin.client.api.users.approve({ userId: user.id });
    await member.client.api.auth.login(MEMBER);
    live = await member.client.api.lives.create({
      title: 'Evil \u001b[2J title',
      source: { kind: 'testPattern' },
      loop: { kind: 'once' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    // The team rule the CLI is exempt from: an admin may not start someone else's live.
    await expect(admin.client.api.lives.start({ liveId: live.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the owner of this live may start it.',
    });
    await admin.close();
    await member.close();
  });
  afterAll(async () => {
    await serve?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runAgent(agentJs, [...args, '--data-dir', dataDir]);

  it('lists every live as a table a terminal can show safely, or as JSON', async () => {
    const text = await cli('live', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`ID${' '.repeat(live.id.length - 2)}  STATE  TITLE\n${live.id}  draft  Evil ?[2J title\n`);
    const json = await cli('live', 'list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: live.id, state: 'draft', title: live.title })]);
  });

  it("starts and stops a team member's live, the run staying theirs", async () => {
    const started = await cli('live', 'start', live.id, '--json');
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({
      id: live.id,
      ownerId: live.ownerId,
      state: expect.stringMatching(/^(queued|starting|live)$/),
    });
    await waitFor(
      async () => {
        const lives = JSON.parse((await cli('live', 'list', '--json')).stdout) as Live[];
        return lives[0]?.state === 'live';
      },
      { timeoutMs: 60_000, what: 'the live on air' },
    );
    const stopped = await cli('live', 'stop', live.id);
    expect(stopped).toMatchObject({ code: 0, stdout: `"Evil ?[2J title" (${live.id}) is ended.\n` });
  });

  it('says what went wrong: an unknown live (exit 1), no agent running (exit 3)', async () => {
    const unknown = await cli('live', 'start', 'no-such-live');
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'live start: No live with id "no-such-live".\n' });
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'lm-ag-'));
    try {
      const none = await runAgent(agentJs, ['live', 'list', '--data-dir', elsewhere]);
      expect(none.code).toBe(3);
      expect(none.stderr).toMatch(/^live list: No LiveManager agent is running on /);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
