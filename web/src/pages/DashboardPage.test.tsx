import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { fakeGraphQL, viewer } from '../test/fakeApi';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState({}, '', '/');
});

function dashboardApi(answer: () => unknown) {
  return fakeGraphQL(({ operationName }) => {
    if (operationName === 'Viewer') return viewer('VIEWER');
    if (operationName === 'DashboardData') return { body: answer() };
    throw new Error(`unexpected operation ${operationName}`);
  });
}

function openDashboard() {
  sessionStorage.setItem('actionitems.apiToken', 't');
  window.history.pushState({}, '', '/dashboard');
  render(<App />);
}

describe('dashboard', () => {
  it('says what each empty chart lacks and links each policy violation to its item', async () => {
    const requests = dashboardApi(() => ({
      data: {
        openItemsOverTime: [],
        openItemAgeBuckets: [],
        actionItemStats: [],
        timeToResolve: { __typename: 'TimeToResolve', count: 0, medianHours: null, p90Hours: null },
        timeToResolveByGroup: [],
        policyViolations: [
          {
            __typename: 'PolicyViolation',
            rule: 'owner-within-7-days',
            since: '2026-11-20T10:00:00Z',
            message: 'No owner 7 days after opening.',
            item: { __typename: 'ActionItem', id: '41', title: 'Alert on queue depth', team: null, owner: null },
          },
        ],
      },
    }));
    openDashboard();

    const violations = await screen.findByRole('table', { name: 'Policy violations' });
    expect(within(violations).getByRole('link', { name: 'Alert on queue depth' })).toHaveAttribute('href', '/items/41');
    expect(screen.getByText('No item has been resolved yet, so there is no time to resolve.')).toBeInTheDocument();
    expect(screen.getAllByText('No open items.')).toHaveLength(2);
    const variables = requests.find((r) => r.operationName === 'DashboardData')?.variables as { from: string; to: string };
    expect(new Date(variables.to).getTime() - new Date(variables.from).getTime()).toBe(13 * 7 * 24 * 3600 * 1000);
  });

  it('says plainly when the API fails', async () => {
    dashboardApi(() => ({ errors: [{ message: 'The database is unavailable.' }] }));
    openDashboard();
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unavailable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
