import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { FakePhorgeProcess } from './fakePhorge';
import { graphql, RunningHost, type E2EHost } from './host';

/**
 * Sync conflicts need a tracker, which the shared host has none of (and giving it one would link the seeds' bare task
 * numbers to it): this file runs its own host with a Phabricator target on the fake Phorge, run as a process.
 */
let phorge: FakePhorgeProcess;
let running: RunningHost;
let host: E2EHost;
let incidentId: string;
let targetId: string;
const browser = browserPerTest();

const POSTMORTEM = `# Incident 2026-11-30: cache stampede

Date: 2026-11-30

## Summary

The cache cluster fell over when every key expired at once.

## Actionables

- Add jitter to cache expiry
`;

beforeAll(async () => {
  phorge = await FakePhorgeProcess.start();
  running = await RunningHost.start({
    seed: false,
    environment: {
      Sync__Targets__0__Kind: 'Phabricator',
      Sync__Targets__0__Name: 'phorge',
      Sync__Targets__0__BaseUrl: phorge.baseUrl,
      Sync__Targets__0__Token: phorge.users.syncbot.token,
      Sync__Targets__0__PushPolicy: 'None',
      // No scheduled poll during a test: one between the edit in Phorge and ours would pull theirs first (no conflict).
      // Pulls here come only from linking (the first fill) and pushes read the task themselves.
      Sync__Targets__0__PollInterval: '1.00:00:00',
    },
  });
  host = running.info;
  const imported = await graphql<{ importPostmortem: { incident: { id: string } } }>(
    host,
    `mutation($input: PostmortemInput!) { importPostmortem(input: $input) { incident { id } errors { message } } }`,
    { input: { text: POSTMORTEM, sourceUrl: 'https://example.org/postmortems/cache-stampede.md' } },
  );
  incidentId = imported.importPostmortem.incident.id;
  const { syncTargets } = await graphql<{ syncTargets: { id: string; name: string }[] }>(host, `query { syncTargets { id name } }`);
  targetId = syncTargets.find((t) => t.name === 'phorge')!.id;
});

afterAll(async () => {
  await running?.stop();
  await phorge?.stop();
});

interface Linked {
  actionItem: {
    title: string;
    version: number;
    links: { id: string; state: string; conflicts: { field: string; localValue: string; remoteValue: string; winner: string }[] }[];
  };
}

async function stored(id: string) {
  return (
    await graphql<Linked>(
      host,
      `query($id: ID!) { actionItem(id: $id) { title version links { id state conflicts { field localValue remoteValue winner } } } }`,
      { id },
    )
  ).actionItem;
}

async function linkState(id: string): Promise<string | undefined> {
  return (await stored(id)).links[0]?.state;
}

/**
 * An item linked to a task of its own, whose title was then changed differently on both sides: first in Phorge (by
 * alice), then here. Under the default policy (newest change wins) ours is applied on both sides and theirs is kept
 * in the conflict.
 */
async function conflictOnTitle(title: string, remoteTitle: string, localTitle: string): Promise<{ itemId: string; task: string }> {
  const task = await phorge.createTask(title);
  const created = await graphql<{ createActionItem: { actionItem: { id: string } } }>(
    host,
    `mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id } errors { message } } }`,
    { input: { incidentId, title } },
  );
  const itemId = created.createActionItem.actionItem.id;
  await graphql(
    host,
    `mutation($input: LinkTrackerTaskInput!) { linkTrackerTask(input: $input) { errors { message } } }`,
    { input: { actionItemId: itemId, syncTargetId: targetId, remoteId: task } },
  );
  // The first fill reads the task and sets the base the merge compares both sides against.
  await expect.poll(() => linkState(itemId), { timeout: 30_000, interval: 250 }).toBe('LINKED');

  await phorge.editTask(task, [{ type: 'title', value: remoteTitle }]);
  // Phorge dates changes in whole seconds and a tie goes to the tracker: our change must be the newer one.
  await new Promise((r) => setTimeout(r, 1_100));
  const { version } = await stored(itemId);
  const updated = await graphql<{ updateActionItem: { errors: { message: string }[] } }>(
    host,
    `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { errors { message } } }`,
    { input: { id: itemId, version, title: localTitle } },
  );
  expect(updated.updateActionItem.errors).toEqual([]);
  // Pushing our change reads the task first, finds theirs, and the three-way merge records the conflict.
  await expect.poll(() => linkState(itemId), { timeout: 30_000, interval: 250 }).toBe('CONFLICT');
  expect((await stored(itemId)).links[0]!.conflicts).toEqual([
    { field: 'title', localValue: localTitle, remoteValue: remoteTitle, winner: 'LOCAL' },
  ]);
  await expect.poll(async () => (await phorge.task(task)).fields.name, { timeout: 30_000 }).toBe(localTitle);
  return { itemId, task };
}

describe('sync conflicts', () => {
  it('shows a conflict in the queue and on the item; keep remote applies their value here and in Phorge', async () => {
    const { itemId, task } = await conflictOnTitle('Add jitter to cache expiry', 'Add random jitter to cache TTLs', 'Spread cache expiry over 10 minutes');
    const { page } = browser();
    await signIn(page, host, host.tokens.triager, '/sync');

    const queue = page.getByRole('table', { name: 'Conflict queue' });
    const queued = queue.getByRole('row').filter({ hasText: 'Add random jitter to cache TTLs' });
    await queued.waitFor();
    expect(await queued.textContent()).toContain(task);
    await queued.getByRole('link', { name: 'Spread cache expiry over 10 minutes' }).click();

    const conflicts = page.getByRole('table', { name: 'Open sync conflicts' });
    const row = conflicts.getByRole('row').filter({ hasText: 'Add random jitter to cache TTLs' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Spread cache expiry over 10 minutes');
    await conflicts.scrollIntoViewIfNeeded();
    await screenshot(page, 'conflict');

    await row.getByRole('button', { name: 'Keep remote' }).click();
    await page.getByRole('status').filter({ hasText: 'Kept the remote title on both sides.' }).waitFor();
    await page.getByText('No open conflicts.').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Add random jitter to cache TTLs');
    // The edit form follows the stored item (nobody typed in it): saving now must not send the old title back.
    await expect.poll(() => page.getByLabel('Title', { exact: true }).inputValue()).toBe('Add random jitter to cache TTLs');
    expect(await page.getByText('The stored item has changed since you opened it').count()).toBe(0);

    const item = await stored(itemId);
    expect(item.title).toBe('Add random jitter to cache TTLs');
    expect(item.links[0]!.conflicts).toEqual([]);
    // The policy had pushed our title to Phorge; keeping theirs puts it back there too.
    await expect.poll(async () => (await phorge.task(task)).fields.name, { timeout: 30_000 }).toBe('Add random jitter to cache TTLs');
    await expect.poll(() => linkState(itemId), { timeout: 30_000 }).toBe('LINKED');
  }, 180_000);

  it('keep local keeps our value and it is what Phorge holds', async () => {
    const { itemId, task } = await conflictOnTitle('Alert on cache hit ratio', 'Page on cache hit ratio below 80%', 'Alert when the cache hit ratio drops');
    const { page } = browser();
    await signIn(page, host, host.tokens.triager, `/items/${itemId}`);

    const row = page.getByRole('table', { name: 'Open sync conflicts' }).getByRole('row').filter({ hasText: 'Page on cache hit ratio below 80%' });
    await row.getByRole('button', { name: 'Keep local' }).click();
    await page.getByRole('status').filter({ hasText: 'Kept the local title on both sides.' }).waitFor();
    await page.getByText('No open conflicts.').waitFor();

    const item = await stored(itemId);
    expect(item.title).toBe('Alert when the cache hit ratio drops');
    expect(item.links[0]!.conflicts).toEqual([]);
    await expect.poll(() => linkState(itemId), { timeout: 30_000 }).toBe('LINKED');
    expect((await phorge.task(task)).fields.name).toBe('Alert when the cache hit ratio drops');

    await page.goto(`${host.baseUrl}/sync`);
    await page.getByRole('heading', { name: 'Conflict queue' }).waitFor();
    expect(await page.getByRole('table', { name: 'Conflict queue' }).getByRole('row').filter({ hasText: 'Alert when the cache hit ratio drops' }).count()).toBe(0);
  }, 180_000);
});
