import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaseRecorder, type CaseRecorder } from '../server/cases/index.js';
import { phantomFrame, phantomMeasurement } from '../server/cases/phantom.js';
import { caseVideos } from '../server/cases/store.js';
import { createPipeline, type Pipeline } from '../server/pipeline/index.js';
import { encodePng } from '../server/image/png.js';
import { launchBrowser, type TestBrowser } from './ui-support/browser.js';
import { dotImage, dotTruth, TINY_MODELS } from './fixtures/synthetic.js';
import { buildCaseView, servePage } from './fixtures/cases-page.js';

let dir: string, rec: CaseRecorder, pipeline: Pipeline, browser: TestBrowser, page: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cases-ui-'));
  await buildCaseView(join(dir, 'page'));
  pipeline = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', threads: 1 });
  rec = await createCaseRecorder({ dataDir: join(dir, 'data'), model: { name: 'tiny', version: '1', sha256: 'e'.repeat(64) }, video: true, label: 'ui' });
  const t0 = Date.now() - 20_000;
  for (let i = 0; i < 300; i++) {
    const t = t0 + i * 66;
    rec.onFrame!({ data: phantomFrame(160, 120, i), width: 160, height: 120, timestampMs: 0 }, { frame: i, timeMs: t, shot: i < 150 ? 0 : 1, newShot: i === 0 || i === 150, held: false });
    rec.onMeasurement(phantomMeasurement(i * 20, t, { width: 160, height: 120, shotEvery: 3000 }));
    if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  rec.setRecording!(false); // closes the shot video
  const rid = (rec.db.prepare('SELECT rid FROM cases WHERE id = ?').get(rec.currentCaseId()) as { rid: number }).rid;
  // ffmpeg finishes the shot videos and they are indexed in the background; the replay
  // only offers an indexed video. On a loaded CI machine this took over 10 s once.
  const indexed = () => caseVideos(rec.db, rid).every((v) => v.keyframes !== null);
  for (const end = Date.now() + 90_000; !indexed() && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
  expect(indexed(), `shot videos not indexed within 90 s: ${JSON.stringify(caseVideos(rec.db, rid).map((v) => ({ id: v.id, end: v.endMs, keyframes: v.keyframes?.length ?? null })))}`).toBe(true);
  rec.flush();
  page = await servePage(join(dir, 'page'), rec, { measurer: pipeline });
  // Start the query worker (it compiles its TypeScript at start: slow on a loaded machine).
  expect((await fetch(`${page.origin}/api/cases/${rec.currentCaseId()}/comparison`)).status).toBe(200);
  browser = await launchBrowser(1400, 1000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await page?.close();
  await rec?.close();
  await pipeline?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const angleText = (name: string) => browser.page.locator(`sagitta-preop-editor .preop-angles tr[data-angle="${name}"] td.num`).textContent();

describe('cases view in Chromium', () => {
  it('imports a pre-op image, recomputes angles live while a corner is dragged, stores the edit, and shows plan versus achieved', async () => {
    const p = browser.page;
    await p.goto(page.origin);
    const W = 512, H = 512;
    const png = encodePng(dotImage(W, H, Object.values(dotTruth(W, H, 2)).flat(), 3) as { data: Uint8Array; width: number; height: number });
    await p.locator('sagitta-preop-editor input[type=file]').setInputFiles({ name: 'standing.png', mimeType: 'image/png', buffer: png });
    const corner = p.locator('sagitta-preop-editor circle.corner[data-label="L1"][data-corner="0"]');
    await corner.waitFor({ timeout: 20_000 });
    const before = await angleText('L1S1');
    expect(before).toMatch(/^-?\d+\.\d°$/);

    const box = (await corner.boundingBox())!;
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    await p.mouse.move(x, y);
    await p.mouse.down();
    await p.mouse.move(x, y - 25, { steps: 5 });
    const during = await angleText('L1S1');
    expect(during).not.toBe(before); // recomputed live, before release
    const storing = p.waitForResponse((r) => r.url().includes('/api/preop/corners') && r.request().method() === 'PUT');
    await p.mouse.up();
    expect((await storing).status()).toBe(200);
    const stored = rec.plans.current().preop!;
    expect(stored.edited).toBe(true);
    expect(`${stored.angles.L1S1!.toFixed(1)}°`).toBe(await angleText('L1S1'));

    await p.locator('sagitta-plan-panel input[name=pi]').fill('52');
    await p.locator('sagitta-plan-panel form.pi button').click();
    await p.locator('sagitta-plan-panel .targets tr[data-angle="L1S1"]').waitFor();
    expect(await p.locator('sagitta-plan-panel .formula').textContent()).toContain('PI ± 10°');
    // A target entered by hand.
    await p.locator('sagitta-plan-panel form.add-target select').selectOption('SS');
    await p.locator('sagitta-plan-panel form.add-target input[name=value]').fill('33');
    await p.locator('sagitta-plan-panel form.add-target input[name=tolerance]').fill('4');
    await p.locator('sagitta-plan-panel form.add-target button').click();
    await p.locator('sagitta-plan-panel .targets tr[data-angle="SS"]').waitFor();
    expect(rec.currentTargets()).toContainEqual({ angle: 'SS', valueDeg: 33, toleranceDeg: 4, source: 'dashboard' });

    await p.locator('sagitta-case-view button[data-tab="comparison"]').click();
    const row = p.locator('sagitta-comparison table.comparison tr[data-angle="L1S1"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe(`${stored.angles.L1S1!.toFixed(1)}°`); // pre-op baseline = the edited one
    expect(cells[2]).toBe('52.0° ± 10.0°'); // target derived from PI
    expect(cells[3]).toMatch(/^\d+\.\d°$/); // achieved: last stable measurement
    expect(await p.locator('sagitta-comparison .note').textContent()).toContain('prone');
    await p.locator('sagitta-comparison svg.chart g[data-angle="L1S1"] circle.ach').waitFor();

    await p.locator('sagitta-case-view button[data-tab="replay"]').click();
    const scrubber = p.locator('sagitta-case-replay input.scrubber');
    await scrubber.waitFor();
    await p.locator('sagitta-case-replay .angles tr[data-angle="L1S1"]').waitFor();
    const first = await p.locator('sagitta-case-replay .angles tr[data-angle="L1S1"]').textContent();
    await scrubber.evaluate((el: HTMLInputElement) => { el.value = el.max; el.dispatchEvent(new Event('input')); });
    await expect.poll(() => p.locator('sagitta-case-replay .angles tr[data-angle="L1S1"]').textContent()).not.toBe(first);
    // The recorded shot video is loaded and seeked to the frame recorded at that time (H.264 in Chromium).
    await expect.poll(() => p.locator('sagitta-case-replay video').evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.currentTime > 1 && v.src.includes('.mp4')), { timeout: 15_000 }).toBe(true);
    expect(browser.errors).toEqual([]);
  }, 240_000);

  it('refuses a malformed plan file with a clear message on screen', async () => {
    const p = browser.page;
    await p.locator('sagitta-case-view button[data-tab="plan"]').click();
    await p.locator('sagitta-plan-panel input[type=file]').setInputFiles({ name: 'bad-plan.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"sagitta-plan/1","targets":[{"angle":"L9L5","valueDeg":40,"toleranceDeg":5}]}') });
    await expect.poll(() => p.locator('sagitta-plan-panel .error').textContent()).toContain('bad-plan.json: plan: targets[0].angle must be L1L5, L1S1, SS or disc:<upper><lower>');
  });
});
