/* global process, setTimeout, fetch, performance, URL, console -- a plain Node script run by bench/hls/hls.bench-run.ts */
// N viewers pulling an HLS live like a player at real time: the playlist every target duration,
// each new segment once, in full. Run as its own process so the server's CPU is measured alone.
//   node viewers.mjs <playlist url> <viewers> <seconds>   → prints one JSON line of results
const [url, countText, secondsText] = process.argv.slice(2);
const viewers = Number(countText);
const until = Date.now() + Number(secondsText) * 1000;
const segmentMs = [];
let errors = 0;
let bytes = 0;

async function viewer(offsetMs) {
  await new Promise((r) => setTimeout(r, offsetMs));
  const seen = new Set();
  while (Date.now() < until) {
    const started = Date.now();
    let target = 1;
    try {
      const text = await (await fetch(url)).text();
      target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? 1);
      const uris = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      // Joining: the newest three only, like hls.js at the live edge.
      for (const uri of seen.size === 0 ? uris.slice(-3) : uris) {
        if (seen.has(uri)) continue;
        seen.add(uri);
        const t0 = performance.now();
        const res = await fetch(new URL(uri, url));
        const body = await res.arrayBuffer();
        if (res.status !== 200) errors += 1;
        else {
          segmentMs.push(performance.now() - t0);
          bytes += body.byteLength;
        }
      }
    } catch {
      errors += 1;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, target * 1000 - (Date.now() - started))));
  }
}

await Promise.all(Array.from({ length: viewers }, (_, i) => viewer((i * 1000) / viewers)));
segmentMs.sort((a, b) => a - b);
const p = (q) => segmentMs[Math.min(segmentMs.length - 1, Math.floor(q * segmentMs.length))] ?? null;
console.log(JSON.stringify({ segments: segmentMs.length, errors, bytes, p50: p(0.5), p99: p(0.99) }));
