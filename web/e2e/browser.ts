import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import { repositoryRoot, type E2EHost } from './host';

/** Debian's Chromium (apt-get install chromium); a browser is never downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags the browser needs on these machines: no sandbox (root), no GPU, and nothing that reaches out to the
 * network on its own (QUIC, background updates, sync).
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser (its own user-data directory, so no state leaks between tests) showing one 1280×800 page. */
export async function openBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'actionitems-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh browser (new profile) for every test of the file that calls it at its top level:
 * `const browser = browserPerTest();` then `const { page } = browser();` inside a test.
 */
export function browserPerTest(): () => Browser {
  let current: Browser | undefined;
  beforeEach(async () => {
    current = await openBrowser();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('browserPerTest(): the browser exists only while a test runs');
    return current;
  };
}

/** Opens `path` and signs in with `token` through the sign-in form; resolves once the app shell shows. */
export async function signIn(page: Page, host: E2EHost, token: string, path = '/'): Promise<void> {
  await page.goto(host.baseUrl + path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Saves what the page shows to docs/screenshots/NAME.png (README shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const directory = join(repositoryRoot, 'docs', 'screenshots');
  mkdirSync(directory, { recursive: true });
  await page.screenshot({ path: join(directory, `${name}.png`) });
}

export { expect };
