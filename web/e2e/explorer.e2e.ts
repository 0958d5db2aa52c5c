import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

/**
 * Clicks Execute until GraphiQL's answer contains `expected`, and returns the answer's element. GraphiQL shows the
 * answer in a read-only editor of its own, which has no role or label to find it by; its query editor fills in after
 * the page shows, and a click before that runs nothing, so a single click can leave the answer empty.
 */
async function executeUntilAnswered(page: Page, expected: string): Promise<Locator> {
  const execute = page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' });
  const response = page.locator('.graphiql-response');
  await expect
    .poll(
      async () => {
        const text = (await response.textContent()) ?? '';
        if (!text.includes(expected)) await execute.click();
        return text;
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toContain(expected);
  return response;
}

describe('explorer', () => {
  it('runs the viewer query as the signed-in token, reached from the navigation', async () => {
    const { viewer } = await graphql<{ viewer: { name: string } }>(host, `query { viewer { name } }`, {}, host.tokens.triager);
    const { page } = browser();
    await signIn(page, host, host.tokens.triager);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Explorer' }).click();
    await page.getByRole('heading', { name: 'GraphQL explorer' }).waitFor();
    const response = await executeUntilAnswered(page, '"role": "TRIAGER"');
    expect(await response.textContent()).toContain(`"name": "${viewer.name}"`);
    await screenshot(page, 'explorer');
  });

  it('is where a browser opening /graphql lands, with the query of its address', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer);

    await page.goto(`${host.baseUrl}/graphql?query=${encodeURIComponent('{ viewer { role anonymous } }')}`);
    expect(new URL(page.url()).pathname).toBe('/explorer');

    const response = await executeUntilAnswered(page, '"role": "VIEWER"');
    expect(await response.textContent()).toContain('"anonymous": false');
    expect(await response.textContent()).not.toContain('"name"');
  });
});
