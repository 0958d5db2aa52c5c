import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

/** A small Markdown postmortem of this test's own (a unique title and source), so other tests' data does not matter. */
function postmortem(title: string, items: string[]): string {
  return `# ${title}\n\nThe queue backed up for an hour.\n\n## Action items\n\n${items.map((i) => `- ${i}`).join('\n')}\n`;
}

describe('import', () => {
  it('previews a pasted postmortem, imports it, shows the incident, and reports a re-import as added/updated/vanished', async () => {
    const { page } = browser();
    const suffix = Date.now().toString(36);
    const title = `Queue backlog ${suffix}`;
    const sourceUrl = `https://wiki.example.org/e2e/import-${suffix}`;
    await signIn(page, host, host.tokens.triager, '/import');

    await page.getByLabel('Postmortem text').fill(postmortem(title, ['Alert on queue depth T4242', 'Add a runbook for draining the queue']));
    await page.getByLabel(/Source URL/).fill(sourceUrl);
    await page.getByRole('button', { name: 'Preview' }).click();

    const items = page.getByRole('table', { name: /Items/ });
    await items.waitFor();
    expect(await items.locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining('Alert on queue depth'),
      expect.stringContaining('Add a runbook for draining the queue'),
    ]);
    expect(await page.getByRole('list', { name: 'Will be linked' }).textContent()).toContain('T4242');
    expect(await page.getByText('A new incident would be created with 2 items').count()).toBe(1);
    await screenshot(page, 'import');

    // Nothing is written by a preview.
    const before = await graphql<{ incidents: { totalCount: number } }>(host, `query($q: String) { incidents(filter: { search: $q }) { totalCount } }`, { q: suffix });
    expect(before.incidents.totalCount).toBe(0);

    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('A new incident was created with 2 items');
    await page.getByRole('link', { name: `Open ${title}` }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    // Re-import from the same source: one item kept, one gone, one new.
    await page.goto(`${host.baseUrl}/import`);
    await page.getByLabel('Postmortem text').fill(postmortem(title, ['Alert on queue depth T4242', 'Shard the queue by tenant']));
    await page.getByLabel(/Source URL/).fill(sourceUrl);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(/Re-import of a known incident: 1 added, \d+ updated, \d+ unchanged, 1 vanished/).waitFor();

    // An edit after the preview has to be previewed again before it can be imported.
    await page.getByLabel('Postmortem text').press('End');
    await page.getByLabel('Postmortem text').pressSequentially('\n');
    expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(/1 added, \d+ updated, \d+ unchanged, 1 vanished/);
  });

  it('tells viewers that importing needs the triager role and shows them no form', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer, '/import');
    await page.getByText('Importing needs the triager or admin role').waitFor();
    expect(await page.getByRole('button', { name: 'Preview' }).count()).toBe(0);
    expect(await page.getByLabel('Postmortem text').count()).toBe(0);
  });
});
