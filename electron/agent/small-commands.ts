import { createAdmin, readSecretLine } from '../engine/accounts/create-admin';
import { defaultModules } from '../engine/engine';
import { openDatabase } from '../engine/storage/database';
import { DATA_DIR_OPTION, EXIT, JSON_OPTION, PROGRAM, UsageError, stringValue, type Command } from './command';
import { dataDirOf } from './paths';

export const versionCommand: Command = {
  name: 'version',
  usage: [`${PROGRAM} version [--json]`],
  summary: "Print the agent's version (the app compares it with its own to offer an upgrade).",
  options: JSON_OPTION,
  run({ values }, io) {
    const version = { version: __APP_VERSION__, node: process.versions.node, platform: process.platform, arch: process.arch };
    if (values.json) io.out(JSON.stringify(version));
    else io.out(`${PROGRAM} ${version.version} (Node.js ${version.node}, ${version.platform} ${version.arch})`);
    return Promise.resolve(EXIT.ok);
  },
};

export const createAdminCommand: Command = {
  name: 'create-admin',
  usage: [`${PROGRAM} create-admin --email ADDRESS [--data-dir DIR]   (password on the first line of stdin)`],
  summary:
    'Make an approved admin, or promote an existing account and reset its password. The password is read from stdin, ' +
    'never from the command line (where `ps` and shell history would show it). Safe beside a running agent.',
  details: ["  --email ADDRESS  the admin's e-mail (their login)", '  --data-dir DIR   data folder of the agent'],
  options: { email: { type: 'string' }, ...DATA_DIR_OPTION },
  async run({ values }, io) {
    const email = stringValue(values, 'email');
    if (!email) throw new UsageError('create-admin needs --email.', createAdminCommand);
    if (process.stdin.isTTY) process.stderr.write('Password (input is shown; pipe it to hide it): ');
    try {
      // The database only (its migrations applied): safe beside a running `serve` (WAL, busy timeout).
      const db = openDatabase({
        dataDir: dataDirOf(stringValue(values, 'data-dir'), io.env),
        migrations: defaultModules().flatMap((m) => m.migrations ?? []),
      });
      try {
        const { user, created } = await createAdmin(db, { email, password: await readSecretLine(process.stdin) });
        io.out(`${created ? 'Created' : 'Promoted'} admin ${user.email} (${user.id}).`);
      } finally {
        db.close();
      }
      return EXIT.ok;
    } catch (error) {
      io.err(`create-admin: ${(error as Error).message}`);
      return EXIT.failed;
    }
  },
};
