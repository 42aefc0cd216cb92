// @ts-check
// `npm install` (preinstall) and `npm start` run this first: on a Node older than package.json's
// engines it prints one sentence saying which Node to install, and exits 1. `.npmrc`'s
// engine-strict already refuses `npm install` itself before anything is downloaded; this covers
// the other entry points and package managers that ignore .npmrc.
import { readFileSync } from 'node:fs';
import { nodeSatisfies, nodeTooOldMessage } from './node-version.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const range = pkg.engines.node;
if (!nodeSatisfies(process.versions.node, range)) {
  console.error(nodeTooOldMessage(process.versions.node, range));
  process.exit(1);
}
