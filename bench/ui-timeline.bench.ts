/**
 * `npm run bench -- ui`: the dashboard's timeline in real headless Chromium
 * with an hour of case loaded (108 000 points per series) at 30 messages per
 * second; prints the 50th/95th percentile and maximum of one chart update
 * (target: p95 ≤ 16 ms, one frame at 60 Hz).
 */
import { ensureUiBuilt } from '../ui/build.js';
import { launchBrowser } from '../test/ui-support/browser.js';
import { startStubMonitor } from '../test/ui-support/static-server.js';

interface BenchFigures { scenario: string; points: number; updates: number; p50Ms: number; p95Ms: number; maxMs: number }

const dist = await ensureUiBuilt();
const server = await startStubMonitor(dist);
const browser = await launchBrowser(1920, 1080);
try {
  await browser.page.goto(`${server.origin}/bench.html?updates=300`);
  await browser.page.waitForFunction('window.__bench || window.__benchError', undefined, { timeout: 180_000 });
  const error = await browser.page.evaluate('window.__benchError');
  if (error) throw new Error(`benchmark page failed: ${String(error)}`);
  const figures = (await browser.page.evaluate('window.__bench')) as BenchFigures[];
  for (const f of figures) {
    console.log(`${f.scenario}: ${f.points} points/series, ${f.updates} updates at 30/s: ` +
      `p50 ${f.p50Ms.toFixed(2)} ms, p95 ${f.p95Ms.toFixed(2)} ms, max ${f.maxMs.toFixed(2)} ms ` +
      `(p95 / 16 ms budget = ${(f.p95Ms / 16).toFixed(2)})`);
  }
} finally {
  await browser.close();
  await server.close();
}
