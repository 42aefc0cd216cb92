/**
 * One chat engine as its own process (bundled by bundleNodeScript), for the Redis tests: it makes
 * an output with the slug it is given and prints its public address, a link token and a staff
 * token as one JSON line, then serves until SIGTERM.
 */
import { startChatEngine } from './chat-engine';

const [redisUrl, slug] = process.argv.slice(2);
const engine = await startChatEngine({
  redisUrl,
  trustProxy: true,
  limits: {
    perConnection: { capacity: 1000, perSecond: 1000 },
    perAddress: { capacity: 1000, perSecond: 1000 },
    connectsPerAddress: { capacity: 100, perSecond: 100 },
    connectionsPerAddress: 100,
    floodStrikes: 100,
  },
});
const { output, token } = await engine.output(slug ?? 'salon');
process.stdout.write(`${JSON.stringify({ base: engine.base, token, staff: engine.staffToken(output.id, 'Streamer') })}\n`);
process.once('SIGTERM', () => {
  void engine.close().finally(() => process.exit(0));
});
