import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';
import { graphql } from './host';

const host = inject('host');
const browser = browserPerTest();

interface Candidates {
  preventionCandidates: { item: { id: string; title: string } }[];
}

/**
 * An incident with a prevention candidate, and the candidate. Found, not assumed: which seeded items were open when
 * which incident started depends on the seeds' dates. One pass is enough: the e2e hosts run with candidate index age
 * zero (e2e/host.ts), so the index holds the seeds imported after it was built.
 */
async function incidentWithCandidate(): Promise<{ incidentId: string; item: { id: string; title: string } }> {
  const incidents = await graphql<{ incidents: { items: { id: string }[] } }>(host, `query { incidents(first: 100, orderBy: DATE_DESC) { items { id } } }`);
  for (const { id } of incidents.incidents.items) {
    const found = await graphql<Candidates>(host, `query($id: ID!) { preventionCandidates(incidentId: $id, first: 1) { item { id title } } }`, { id });
    if (found.preventionCandidates.length > 0) return { incidentId: id, item: found.preventionCandidates[0]!.item };
  }
  throw new Error('no seeded incident has a prevention candidate');
}

describe('prevention review', () => {
  it('records a verdict with a note and derives the open-task-queue answer from it', async () => {
    const { incidentId, item } = await incidentWithCandidate();
    const { page } = browser();
    await signIn(page, host, host.tokens.triager, `/incidents/${incidentId}/review`);
    const candidates = page.getByRole('table', { name: 'Prevention candidates' });
    await candidates.waitFor();
    await page.getByRole('table', { name: 'Similar incidents' }).or(page.getByText('No other incident reads like this one.')).waitFor();

    const verdict = candidates.getByRole('group', { name: `Verdict on ${item.title}` }).first();
    await verdict.getByLabel('Note').fill('the same alert would have fired');
    await verdict.getByRole('button', { name: 'Would have prevented' }).click();
    await verdict.getByText('would have prevented', { exact: true }).waitFor();

    const stored = await graphql<{
      incident: { preventionVerdicts: { verdict: string; note: string; reviewer: string; item: { id: string } }[]; openTaskQueueAnswer: { derivedAnswer: string } };
    }>(host, `query($id: ID!) { incident(id: $id) { preventionVerdicts { verdict note reviewer item { id } } openTaskQueueAnswer { derivedAnswer } } }`, {
      id: incidentId,
    });
    expect(stored.incident.preventionVerdicts.find((v) => v.item.id === item.id)).toEqual({
      verdict: 'WOULD_HAVE_PREVENTED',
      note: 'the same alert would have fired',
      reviewer: 'token:e2e-triager',
      item: { id: item.id },
    });
    expect(stored.incident.openTaskQueueAnswer.derivedAnswer).toBe('NO');
    await page.getByRole('table', { name: 'Open task queue' }).getByText(/^no \(\d+ verdicts?\)/).waitFor();
    await screenshot(page, 'review');
  });

  it('shows a viewer the candidates without verdict buttons', async () => {
    const { incidentId } = await incidentWithCandidate();
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer, `/incidents/${incidentId}/review`);
    await page.getByRole('table', { name: 'Prevention candidates' }).waitFor();
    expect(await page.getByRole('button', { name: 'Would have prevented' }).count()).toBe(0);
  });
});
