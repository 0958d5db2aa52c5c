import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

const CHARTS = ['Open items over time', 'Opened vs closed per week', 'Open items by age', 'Open items by team', 'Time to resolve by team'];

/**
 * Imports a postmortem of this test's own with three items, gives them a team no other test uses and resolves one
 * (so time to resolve has a figure whatever the seeds hold); returns the team.
 */
async function importAssignAndResolve(suffix: string): Promise<string> {
  const team = `dash-${suffix}`;
  const imported = await graphql<{ importPostmortem: { incident: { actionItems: { items: { id: string }[] } } } }>(
    host,
    `mutation($input: PostmortemInput!) { importPostmortem(input: $input) { incident { actionItems(first: 10) { items { id } } } } }`,
    {
      input: {
        text: `# Dashboard check ${suffix}\n\n## Action items\n\n- Add a canary for the cache ${suffix}\n- Page on cache misses ${suffix}\n- Document the cache warm-up ${suffix}\n`,
        sourceUrl: `https://wiki.example.org/e2e/dashboard-${suffix}`,
      },
    },
  );
  const ids = imported.importPostmortem.incident.actionItems.items.map((i) => i.id);
  expect(ids).toHaveLength(3);
  await graphql(host, `mutation($input: AssignActionItemsInput!) { assignActionItems(input: $input) { errors { message } } }`, {
    input: { ids, team },
  });
  await graphql(host, `mutation($id: ID!) { setActionItemStatus(id: $id, status: RESOLVED) { errors { message } } }`, { id: ids[0] });
  return team;
}

describe('dashboard', () => {
  it('draws its charts and the policy violations, and moves after an import and an assignment', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer, '/dashboard');
    // Time to resolve may have nothing to draw yet (no resolved item); the others always do with the seeds.
    for (const name of CHARTS.slice(0, 4)) {
      await page.getByRole('img', { name }).locator('canvas').waitFor();
    }
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('heading', { name: 'Policy violations' }).waitFor();
    await screenshot(page, 'dashboard');

    const openItems = page.getByRole('definition').first();
    const before = Number(await openItems.textContent());
    expect(before).toBeGreaterThan(0);

    const suffix = Date.now().toString(36);
    const team = await importAssignAndResolve(suffix);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(async () => Number(await openItems.textContent()), { timeout: 10_000 }).toBe(before + 2);

    await page.getByRole('figure', { name: 'Open items by team' }).getByText('Data').click();
    const row = page.getByRole('table', { name: 'Open items by team data' }).getByRole('row', { name: team });
    expect(await row.getByRole('cell').textContent()).toBe('2');
    for (const name of CHARTS) {
      await page.getByRole('img', { name }).locator('canvas').waitFor();
    }
    await page.getByRole('figure', { name: 'Time to resolve by team' }).getByText('Data').click();
    await page.getByRole('table', { name: 'Time to resolve by team data' }).getByRole('row', { name: team }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
