import { launchE2eBrowser } from '../../tests/support/e2e-browser';
import { startWebHostProcess } from '../../tests/support/webhost';

export interface ScrollFigures {
  /** Per frame: the scroll handled, the rows rendered by React and laid out (script + style + layout). */
  readonly frameP50Ms: number;
  readonly frameP95Ms: number;
  readonly frameMaxMs: number;
  /** Between two animation frames (a 60 Hz display gives 16.7 ms at best). */
  readonly rafP95Ms: number;
  /** Frames more than twice the display's period apart: what a person sees as a stutter. */
  readonly droppedFrames: number;
  readonly frames: number;
  /** Rows that had their data when drawn (the rest were placeholders while their page came). */
  readonly rowsWithData: number;
  readonly rowsDrawn: number;
  /** From adding the provider to its first rows on screen. */
  readonly firstRowsMs: number;
}

/**
 * The scroll script, run in the page: wheel-like steps (smooth scrolling through the list), then
 * jumps as a dragged scrollbar makes them, each followed by more steps. Each frame's work is timed
 * from the scroll to the forced layout of the rows it brought: the virtualizer re-renders
 * synchronously on a scroll event (flushSync), so that span holds the scroll handler, React's
 * render and commit, style and layout. Painting and compositing happen after it (GPU process).
 */
const SCROLL_SCRIPT = `async ({ steps, stepPx, jumps }) => {
  const list = document.querySelector('[data-testid=channel-list]');
  const frames = [];
  const intervals = [];
  let withData = 0;
  let drawn = 0;
  let last = 0;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const step = async (to) => {
    const at = await frame();
    if (last) intervals.push(at - last);
    last = at;
    const t0 = performance.now();
    list.scrollTop = to;
    list.dispatchEvent(new Event('scroll'));
    void list.getBoundingClientRect().height;
    void document.body.offsetHeight;
    frames.push(performance.now() - t0);
    const rows = list.querySelectorAll('[role=option]').length;
    drawn += list.children[0].children.length;
    withData += rows;
  };
  let top = 0;
  for (let i = 0; i < steps; i++) await step((top += stepPx));
  for (const fraction of jumps) {
    top = Math.floor(list.scrollHeight * fraction);
    await step(top);
    for (let i = 0; i < steps / 4; i++) await step((top += stepPx));
  }
  return { frames, intervals, withData, drawn };
}`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * `browser_scroll_100k_frame_p95_ms`: the channel browser in Chromium (the built renderer through
 * the web host, a real engine) with a provider of `channels` channels read from `playlist`,
 * scrolled frame by frame. Needs `npx electron-vite build` first.
 */
export async function measureBrowserScroll(playlist: string, channels: number): Promise<ScrollFigures> {
  const host = await startWebHostProcess();
  const browser = await launchE2eBrowser({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  try {
    const page = await browser.open(`${host.url}#/channels`);
    await page.locator('[data-testid=providers-empty]').waitFor({ timeout: 60_000 });
    const started = Date.now();
    await page.evaluate(
      `window.livemanager.iptv.addProvider({ kind: 'm3u', name: 'Bench', playlist: { file: ${JSON.stringify(playlist)} } })`,
    );
    const total = new Intl.NumberFormat('en-US').format(channels);
    await page.locator('[data-testid=list-summary]', { hasText: `${total} channels` }).waitFor({ timeout: 600_000 });
    await page.locator('[data-testid=channel-row]').first().waitFor();
    const firstRowsMs = Date.now() - started;
    const run = (await page.evaluate(`(${SCROLL_SCRIPT})({ steps: 400, stepPx: 90, jumps: [0.25, 0.5, 0.75, 0.999] })`)) as {
      frames: number[];
      intervals: number[];
      withData: number;
      drawn: number;
    };
    const period = percentile(run.intervals, 10);
    return {
      frameP50Ms: percentile(run.frames, 50),
      frameP95Ms: percentile(run.frames, 95),
      frameMaxMs: Math.max(...run.frames),
      rafP95Ms: percentile(run.intervals, 95),
      droppedFrames: run.intervals.filter((i) => i > period * 2).length,
      frames: run.frames.length,
      rowsWithData: run.withData,
      rowsDrawn: run.drawn,
      firstRowsMs,
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}
