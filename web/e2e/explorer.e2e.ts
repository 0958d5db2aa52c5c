import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

describe('explorer', () => {
  it('runs the viewer query as the signed-in token, reached from the navigation', async () => {
    const { viewer } = await graphql<{ viewer: { name: string } }>(host, `query { viewer { name } }`, {}, host.tokens.triager);
    const { page } = browser();
    await signIn(page, host, host.tokens.triager);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Explorer' }).click();
    await page.getByRole('heading', { name: 'GraphQL explorer' }).waitFor();
    const execute = page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' });

    // GraphiQL shows the answer in a read-only editor of its own, which has no role or label to find it by. Its query
    // editor fills in after the page shows: a click before that runs nothing, so execute again until there is an answer.
    const response = page.locator('.graphiql-response');
    await expect
      .poll(
        async () => {
          const text = (await response.textContent()) ?? '';
          if (!text.includes('"role"')) await execute.click();
          return text;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain('"role": "TRIAGER"');
    expect(await response.textContent()).toContain(`"name": "${viewer.name}"`);
    await screenshot(page, 'explorer');
  });

  it('is where a browser opening /graphql lands, with the query of its address', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer);

    await page.goto(`${host.baseUrl}/graphql?query=${encodeURIComponent('{ viewer { role anonymous } }')}`);
    expect(new URL(page.url()).pathname).toBe('/explorer');
    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();

    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.textContent(), { timeout: 15_000 }).toContain('"role": "VIEWER"');
    expect(await response.textContent()).toContain('"anonymous": false');
    expect(await response.textContent()).not.toContain('"name"');
  });
});
