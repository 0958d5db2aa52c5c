import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

interface StoredItem {
  actionItem: { owner: { displayName: string } | null; team: string | null; priority: string };
}

async function storedItem(id: string) {
  return (await graphql<StoredItem>(host, `query($id: ID!) { actionItem(id: $id) { owner { displayName } team priority } }`, { id }))
    .actionItem;
}

/** The item id a triage row links to (/items/ID). */
async function rowItemId(row: import('playwright-core').Locator): Promise<string> {
  const href = await row.getByRole('link').first().getAttribute('href');
  return href!.split('/').pop()!;
}

describe('triage', () => {
  it('assigns the current item inline with the keyboard, creating its owner', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.triager);
    const table = page.getByRole('table', { name: 'Unassigned items' });
    await table.waitFor();
    await screenshot(page, 'triage');
    const firstRow = table.locator('tbody tr').first();
    const id = await rowItemId(firstRow);
    const title = (await firstRow.getByRole('link').first().textContent())!;

    await page.locator('body').press('a');
    const form = page.getByRole('form', { name: `Assign ${title}` });
    await form.getByLabel('Owner').fill('Grace Hopper');
    await form.getByText('new person').waitFor();
    await form.getByLabel('Team').fill('sre');
    await form.getByLabel('Priority').selectOption('HIGH');
    await form.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('status').filter({ hasText: '1 item updated' }).waitFor();
    expect(await storedItem(id)).toEqual({ owner: { displayName: 'Grace Hopper' }, team: 'sre', priority: 'HIGH' });
  });

  it('assigns several selected items at once', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.triager);
    const rows = page.getByRole('table', { name: 'Unassigned items' }).locator('tbody tr');
    await rows.first().waitFor();
    const ids = [await rowItemId(rows.nth(1)), await rowItemId(rows.nth(2))];
    await rows.nth(1).getByRole('checkbox').check();
    await rows.nth(2).getByRole('checkbox').check();

    const bulk = page.getByRole('form', { name: 'Bulk assign' });
    await bulk.getByLabel('Team').fill('platform');
    await bulk.getByLabel('Priority').selectOption('LOW');
    await bulk.getByRole('button', { name: 'Assign 2 selected' }).click();

    await page.getByRole('status').filter({ hasText: '2 items updated' }).waitFor();
    for (const id of ids) {
      expect(await storedItem(id)).toMatchObject({ team: 'platform', priority: 'LOW' });
    }
  });
});
