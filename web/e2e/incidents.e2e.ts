import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';

const host = inject('host');
const browser = browserPerTest();

describe('incidents', () => {
  it('lists the seeded incidents with counts, searches, and shows one with its actionables, scorecard and timeline', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer, '/incidents');
    const table = page.getByRole('table', { name: 'Incidents' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'incidents');

    await page.getByLabel('Search incidents').fill('calico');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    await table.getByRole('link').first().click();

    await page.getByRole('heading', { name: 'Metadata' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('calico');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('list', { name: 'Timeline' }).locator('li').count()).toBeGreaterThan(10);
    expect(await page.getByRole('table', { name: 'Scorecard answers' }).locator('tbody tr').count()).toBeGreaterThan(5);
    await screenshot(page, 'incident');
  });
});
