// @ts-check
// The Node.js requirement, checked in one place. Plain JavaScript that any old Node can run,
// because its job is to refuse an old Node with a sentence (npm start, the agent's doctor).
// The range itself lives in package.json ("engines": { "node": ">=X.Y" }).

/**
 * `>=22.12` → [22, 12, 0].
 * @param {string} range
 * @returns {[number, number, number]}
 */
export function minimumOf(range) {
  const match = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!match) throw new Error(`package.json engines.node must read ">=X.Y", not "${range}".`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/**
 * @param {string} version e.g. process.versions.node
 * @param {string} range package.json engines.node
 */
export function nodeSatisfies(version, range) {
  const have = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  const want = minimumOf(range);
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/**
 * The one sentence shown when Node is too old.
 * @param {string} version
 * @param {string} range
 */
export function nodeTooOldMessage(version, range) {
  const [major, minor] = minimumOf(range);
  return (
    `LiveManager needs Node.js ${major}.${minor} or newer (Node 24 LTS recommended) and this is Node ${version.replace(/^v/, '')}: ` +
    'install Node 24 from https://nodejs.org (or run `nvm install 24`), then run the command again.'
  );
}
