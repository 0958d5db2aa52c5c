import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

describe('sync', () => {
  it('shows every target with its health and link counts, and the conflict queue', async () => {
    const { syncTargets } = await graphql<{ syncTargets: { name: string; configured: boolean }[] }>(host, `query { syncTargets { name configured } }`);
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer, '/sync');
    await page.getByRole('heading', { name: 'Conflict queue' }).waitFor();
    if (syncTargets.length === 0) {
      await page.getByText('No tracker is configured').waitFor();
    } else {
      const targets = page.getByRole('table', { name: 'Targets' });
      expect(await targets.locator('tbody tr').count()).toBe(syncTargets.length);
      for (const target of syncTargets) {
        const row = targets.getByRole('row').filter({ hasText: target.name });
        // The seeds' task URLs name trackers no configuration entry does: those are shown as not synced.
        if (!target.configured) await row.getByText('not synced').waitFor();
      }
    }
    const { conflicts } = await graphql<{ conflicts: { id: string }[] }>(host, `query { conflicts { id } }`);
    if (conflicts.length === 0) await page.getByText('No open sync conflicts.').waitFor();
    else expect(await page.getByRole('table', { name: 'Conflict queue' }).locator('tbody tr').count()).toBe(conflicts.length);
    await screenshot(page, 'sync');
  });
});
