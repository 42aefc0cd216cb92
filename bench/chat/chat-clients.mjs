/* global process, setTimeout -- a plain Node script forked by bench/chat/chat.bench-run.ts */
// A share of the bench's chat clients, in its own process so that reading 100,000 frames a second
// never delays the engine's clock nor the other clients'. Each client speaks socket.io's wire
// protocol (engine.io v4) on a bare WebSocket and reads only the send time at the head of a
// message's text: the measure is the engine's delivery, not a client library's parsing.
//   fork: argv <json { engines: [{ base, token }], from, count, path }>
//   parent → { go: { at, perSecond, seconds, senders, offset } } ; child → { ready } then { done }
import WebSocket from 'ws';

const { engines, from, count, path } = JSON.parse(process.argv[2]);
const histogram = new Uint32Array(60_000); // one bin per millisecond, on the machine's wall clock
const sockets = [];
let delivered = 0;
let refused = 0;
const TEXT = '"text":"';

function connect(n) {
  const engine = engines[n % engines.length];
  const url = `${engine.base.replace(/^http/, 'ws')}${path}?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { headers: { 'X-Forwarded-For': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } });
  return new Promise((resolve, reject) => {
    let welcomed = false;
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = data.toString();
      if (frame === '2') return void ws.send('3'); // engine.io ping → pong
      if (frame.startsWith('0{')) return void ws.send(`40${JSON.stringify({ viewerToken: engine.token, name: `viewer${n}` })}`);
      if (frame.startsWith('44')) return reject(new Error(`refused: ${frame.slice(2, 300)}`));
      if (!welcomed) {
        if (frame.startsWith('42["welcome"')) {
          welcomed = true;
          resolve(ws);
        }
        return;
      }
      if (frame.startsWith('42["refused"')) refused += 1;
      // One message, or a busy room's bundle of them (engine chat-batcher.ts): each text starts with its send time.
      if (!frame.startsWith('42["message')) return;
      const now = Date.now();
      for (let at = frame.indexOf(TEXT); at !== -1; at = frame.indexOf(TEXT, at + 1)) {
        const start = at + TEXT.length;
        const sentAt = Number(frame.slice(start, frame.indexOf(' ', start)));
        const ms = Math.min(histogram.length - 1, Math.max(0, now - sentAt));
        histogram[ms] += 1;
        delivered += 1;
      }
    });
  });
}

for (let i = 0; i < count; i += 25) {
  const batch = [];
  for (let k = i; k < Math.min(count, i + 25); k += 1) batch.push(connect(from + k));
  sockets.push(...(await Promise.all(batch)));
}
process.send({ ready: true });

process.on('message', async ({ go }) => {
  if (!go) return;
  // This process's senders take every `senders`-th slot of the shared schedule, from `offset`.
  const { at, perSecond, seconds, senders, offset, stride, expectedPerClient } = go;
  const total = perSecond * seconds;
  let ack = 0;
  for (let slot = offset, s = 0; slot < total; slot += stride, s += 1) {
    const due = at + (slot * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const ws = sockets[s % senders];
    ack += 1;
    ws.send(`42${ack}${JSON.stringify(['send', { text: `${Date.now()} bench message ${slot}` }])}`);
  }
  const expected = expectedPerClient * sockets.length;
  const deadline = Date.now() + 15_000;
  await new Promise((resolve) => {
    const check = () => {
      if (delivered >= expected || Date.now() > deadline) return resolve();
      setTimeout(check, 50);
    };
    check();
  });
  for (const ws of sockets) ws.terminate();
  process.send({ done: { histogram: Array.from(histogram), delivered, expected, refused } }, () => process.exit(0));
});
