import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

/** An item of this test's own (on the first seeded incident), so other tests' edits never meet it. */
async function newItem(title: string): Promise<string> {
  const incidents = await graphql<{ incidents: { items: { id: string }[] } }>(host, `query { incidents(first: 1) { items { id } } }`);
  const created = await graphql<{ createActionItem: { actionItem: { id: string } } }>(
    host,
    `mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id } errors { message } } }`,
    { input: { incidentId: incidents.incidents.items[0]!.id, title, tags: ['e2e'] } },
  );
  return created.createActionItem.actionItem.id;
}

interface Stored {
  actionItem: {
    title: string;
    status: string;
    version: number;
    dueDate: string | null;
    tags: string[];
    owner: { displayName: string } | null;
    history: { field: string; actor: string; origin: string }[];
  };
}

async function stored(id: string) {
  return (
    await graphql<Stored>(
      host,
      `query($id: ID!) { actionItem(id: $id) { title status version dueDate tags owner { displayName } history { field actor origin } } }`,
      { id },
    )
  ).actionItem;
}

describe('item', () => {
  it('edits every kind of field, creating the owner, and shows the change in its history', async () => {
    const id = await newItem('Alert on certificate expiry');
    const { page } = browser();
    await signIn(page, host, host.tokens.triager, `/items/${id}`);
    const form = page.getByRole('form', { name: 'Edit item' });
    await form.waitFor();

    await form.getByLabel('Title').fill('Alert on certificate expiry 30 days ahead');
    await form.getByLabel('Status').selectOption('IN_PROGRESS');
    await form.getByLabel('Owner').fill('Katherine Johnson');
    await form.getByText('new person').waitFor();
    await form.getByLabel('Team').fill('traffic');
    await form.getByLabel('Due date').fill('2027-03-31');
    await form.getByLabel('Tags').fill('e2e, certificates');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const item = await stored(id);
    expect(item).toMatchObject({
      title: 'Alert on certificate expiry 30 days ahead',
      status: 'IN_PROGRESS',
      dueDate: '2027-03-31',
      tags: ['certificates', 'e2e'],
      owner: { displayName: 'Katherine Johnson' },
    });
    expect(item.history.filter((h) => h.actor === 'token:e2e-triager').map((h) => h.field).sort()).toEqual(
      ['dueDate', 'owner', 'status', 'tags', 'team', 'title'].sort(),
    );

    const history = page.getByRole('table', { name: 'History' });
    await history.getByRole('row').filter({ hasText: 'Katherine Johnson' }).waitFor();
    await expect.poll(() => history.getByRole('row').filter({ hasText: '2027-03-31' }).count()).toBe(1);
    expect(await history.getByRole('row').filter({ hasText: 'IN_PROGRESS' }).first().textContent()).toContain('e2e-triager');
    await screenshot(page, 'item');
  });

  it('refuses a save over someone else’s change with CONFLICT and reloads the item', async () => {
    const id = await newItem('Document the failover');
    const { page } = browser();
    await signIn(page, host, host.tokens.triager, `/items/${id}`);
    const form = page.getByRole('form', { name: 'Edit item' });
    await form.waitFor();

    // Someone else changes the item after the page read it.
    const before = await stored(id);
    await graphql(host, `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { errors { message } } }`, {
      input: { id, version: before.version, title: 'Document the failover runbook' },
    });

    await form.getByLabel('Status').selectOption('STALLED');
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Someone changed this item' });
    await alert.waitFor();
    expect((await stored(id)).status).toBe('OPEN');

    await alert.getByRole('button', { name: 'Reload the item' }).click();
    await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('Document the failover runbook');
    await form.getByLabel('Status').selectOption('STALLED');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await stored(id)).toMatchObject({ title: 'Document the failover runbook', status: 'STALLED' });
  });

  it('shows a viewer the item without edit controls', async () => {
    const id = await newItem('Read-only for viewers');
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer, `/items/${id}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.getByRole('form', { name: 'Edit item' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
  });
});
