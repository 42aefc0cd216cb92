import { existsSync, statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { engines } from '../../package.json';
import { nodeSatisfies, nodeTooOldMessage } from '../../scripts/node-version.mjs';
import { ffmpegTools } from '../engine/ffmpeg/ffmpeg-tools';
import { SECRETS_FILE, SECRETS_KEY_FILE } from '../engine/secrets/encrypted-file-secret-store';
import { SECRET_KEY_CREDENTIAL } from '../engine/secrets/secret-key';
import { AgentNotRunningError, connectAsOwner } from './agent-connection';
import { DATA_DIR_OPTION, EXIT, JSON_OPTION, PROGRAM, stringValue, type Command } from './command';
import { dataDirOf, socketPathOf } from './paths';
import { describeService, serviceState } from './systemd';

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface Check {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}
export interface DoctorReport {
  readonly version: string;
  readonly dataDir: string;
  readonly checks: readonly Check[];
}

/** Below this, recording HLS segments and the database are at risk. */
const LOW_DISK_BYTES = 2 * 1024 ** 3;

export const doctorCommand: Command = {
  name: 'doctor',
  usage: [`${PROGRAM} doctor [--json] [--data-dir DIR]`],
  summary:
    'Check what the agent needs: Node, FFmpeg (version, encoders, RTMPS), disk space, the secrets key, the socket and ' +
    'the service. Exits 1 when something blocks streaming. Safe beside a running agent.',
  details: [
    '  --json          print the report as JSON (what the app reads after an install)',
    '  --data-dir DIR  data folder to check',
  ],
  options: { ...JSON_OPTION, ...DATA_DIR_OPTION },
  async run({ values }, io) {
    const report = await diagnose(dataDirOf(stringValue(values, 'data-dir'), io.env), io.env);
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(`${PROGRAM} ${report.version} — data folder ${report.dataDir}`);
      const mark: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };
      for (const check of report.checks) io.out(`[${mark[check.status]}] ${check.name}: ${check.detail}`);
    }
    return report.checks.some((c) => c.status === 'fail') ? EXIT.failed : EXIT.ok;
  },
};

export async function diagnose(dataDir: string, env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const checks: Check[] = [];
  const add = (name: string, status: CheckStatus, detail: string): number => checks.push({ name, status, detail });

  const node = process.versions.node;
  if (nodeSatisfies(node, engines.node)) add('node', 'ok', `Node.js ${node} (${process.execPath})`);
  else add('node', 'fail', nodeTooOldMessage(node, engines.node));

  const tools = ffmpegTools({ env });
  const ffmpeg = await tools.locate('ffmpeg');
  const caps = await tools.capabilities();
  if (!ffmpeg.found || !caps) add('ffmpeg', 'fail', ffmpeg.found ? 'ffmpeg stopped answering' : ffmpeg.reason);
  else {
    const [major = 0, minor = 0] = (/^n?(\d+)\.(\d+)/.exec(ffmpeg.version) ?? []).slice(1).map(Number);
    const tooOld = /^n?\d+\./.test(ffmpeg.version) && (major < 5 || (major === 5 && minor < 1));
    add(
      'ffmpeg',
      tooOld ? 'fail' : 'ok',
      `${ffmpeg.version} at ${ffmpeg.path}${tooOld ? ': FFmpeg 5.1 or newer is needed' : ''}`,
    );
    const wanted = ['libx264', 'aac'];
    const missing = wanted.filter((name) => !caps.encoders.includes(name));
    const hardware = ['h264_nvenc', 'h264_vaapi', 'h264_qsv', 'h264_videotoolbox'].filter((n) => caps.encoders.includes(n));
    add(
      'encoders',
      missing.length ? 'warn' : 'ok',
      (missing.length ? `missing ${missing.join(', ')}: lives that need re-encoding will fail. ` : 'libx264, aac') +
        (hardware.length ? `; hardware: ${hardware.join(', ')}` : ''),
    );
    add(
      'rtmps',
      caps.supports.rtmpsOut ? 'ok' : 'warn',
      caps.supports.rtmpsOut
        ? 'RTMPS output available'
        : 'this FFmpeg cannot push RTMPS (Facebook needs it): install a build with TLS',
    );
  }
  const ffprobe = await tools.locate('ffprobe');
  add('ffprobe', ffprobe.found ? 'ok' : 'fail', ffprobe.found ? `${ffprobe.version} at ${ffprobe.path}` : ffprobe.reason);

  const free = await freeBytes(dataDir);
  if (free === null) add('disk', 'warn', `cannot read the free space of ${dataDir}`);
  else add('disk', free < LOW_DISK_BYTES ? 'warn' : 'ok', `${(free / 1024 ** 3).toFixed(1)} GiB free for ${dataDir}`);

  add('secrets', ...secretsCheck(dataDir, env));
  add('socket', ...(await socketCheck(dataDir)));
  const service = await serviceState(env);
  add('service', service.kind === 'installed' && service.active === 'failed' ? 'warn' : 'ok', describeService(service));
  return { version: __APP_VERSION__, dataDir, checks };
}

/** Free space where the data folder is, or would be (its nearest existing parent). */
async function freeBytes(dir: string): Promise<number | null> {
  let probe = dir;
  while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  try {
    const stats = await statfs(probe);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

function secretsCheck(dataDir: string, env: NodeJS.ProcessEnv): [CheckStatus, string] {
  if (env.CREDENTIALS_DIRECTORY && existsSync(path.join(env.CREDENTIALS_DIRECTORY, SECRET_KEY_CREDENTIAL))) {
    return ['ok', `encrypted file, key from the systemd credential ${SECRET_KEY_CREDENTIAL}`];
  }
  const keyFile = path.join(dataDir, SECRETS_KEY_FILE);
  const hasSecrets = existsSync(path.join(dataDir, SECRETS_FILE));
  if (!existsSync(keyFile)) {
    return hasSecrets
      ? ['fail', `${SECRETS_FILE} exists but its key ${keyFile} is missing: restore it from your backup`]
      : ['ok', `encrypted file; its key is created at ${keyFile} on the first start`];
  }
  const mode = statSync(keyFile).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return ['fail', `${keyFile} can be read by other users (mode ${mode.toString(8)}): run \`chmod 600 ${keyFile}\``];
  }
  return ['ok', `encrypted file, key in ${keyFile} (0600)`];
}

async function socketCheck(dataDir: string): Promise<[CheckStatus, string]> {
  const socketPath = socketPathOf(dataDir);
  try {
    const client = await connectAsOwner(dataDir);
    try {
      return ['ok', `serve ${(await client.api.system.info()).appVersion} answers on ${socketPath}`];
    } finally {
      client.close();
    }
  } catch (error) {
    if (!(error instanceof AgentNotRunningError)) return ['warn', (error as Error).message];
    return ['warn', `not running (nothing answers on ${socketPath}): \`${PROGRAM} install-service\` starts it as a service`];
  }
}
