/**
 * One chat engine as its own process (bundled by bundleNodeScript), for the Redis tests: it makes
 * an output with the slug it is given and prints its public address, a link token and a staff
 * token as one JSON line, then serves until SIGTERM. argv: <redis URL, or - for none> <slug>.
 */
import { startChatEngine } from './chat-engine';

const [redisArg, slug] = process.argv.slice(2);
const engine = await startChatEngine({
  redisUrl: redisArg === '-' ? undefined : redisArg,
  trustProxy: true,
  limits: {
    perConnection: { capacity: 1000, perSecond: 1000 },
    perAddress: { capacity: 1000, perSecond: 1000 },
    connectsPerAddress: { capacity: 2000, perSecond: 1000 },
    connectionsPerAddress: 2000,
    floodStrikes: 100,
  },
});
const { output, token } = await engine.output(slug ?? 'salon');
process.stdout.write(`${JSON.stringify({ base: engine.base, token, staff: engine.staffToken(output.id, 'Streamer') })}\n`);
process.once('SIGTERM', () => {
  void engine.close().finally(() => process.exit(0));
});
