/**
 * Writes secrets into an EncryptedFileSecretStore as fast as it can, printing `WROTE <n>` after
 * each write, until killed: the crash test SIGKILLs it mid-write. argv: <dataDir>
 */
import { openEncryptedFileSecretStore } from '../../electron/engine/secrets/encrypted-file-secret-store';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: <dataDir>');
const store = await openEncryptedFileSecretStore({ dataDir, env: {} });
// A bigger file makes each write longer, so the kill often lands inside one.
const filler = 'k'.repeat(4096);
for (let n = 1; ; n++) {
  await store.set(`stream-key/${n % 200}`, `${filler}-${n}`);
  process.stdout.write(`WROTE ${n}\n`);
}
