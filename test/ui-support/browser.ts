/**
 * Real headless Chromium (Debian's /usr/bin/chromium through playwright-core)
 * with a fresh user data directory, for the dashboard tests and benchmark.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors seen so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Launches Chromium with one page of `width`×`height`. */
export async function launchBrowser(width = 1920, height = 1080): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'sagitta-ui-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, viewport: { width, height }, timeout: 120_000,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context, page, errors,
    close: async () => { await context.close(); await rm(userDataDir, { recursive: true, force: true }); },
  };
}
