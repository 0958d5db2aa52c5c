import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { fakeGraphQL, viewer } from '../test/fakeApi';

afterEach(() => {
  vi.unstubAllGlobals();
});

const item = {
  __typename: 'ActionItem',
  id: '41',
  title: 'Add an alert on queue depth',
  version: 3,
  priority: 'UNSET',
  team: null,
  tags: ['monitoring'],
  ageDays: 12,
  needsReview: false,
  owner: null,
  incident: { __typename: 'Incident', id: '7', slug: 'queue-outage', title: 'Queue outage' },
  links: [],
};

function triageApi(role: 'VIEWER' | 'TRIAGER', update: () => unknown, onChoices: () => void = () => {}) {
  return fakeGraphQL(({ operationName }) => {
    switch (operationName) {
      case 'Viewer':
        return viewer(role);
      case 'TriageItems':
        return {
          body: {
            data: {
              actionItems: {
                __typename: 'ActionItemConnection',
                totalCount: 1,
                pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
                edges: [{ __typename: 'ActionItemEdge', node: item }],
              },
            },
          },
        };
      case 'TriageChoices':
        onChoices();
        return { body: { data: { incidents: { __typename: 'IncidentConnection', items: [] }, syncTargets: [] } } };
      case 'PeopleSearch':
        return { body: { data: { people: { __typename: 'PersonConnection', items: [] } } } };
      case 'TriageUpdateItem':
        return { body: update() };
      default:
        throw new Error(`unexpected operation ${operationName}`);
    }
  });
}

describe('triage', () => {
  it('rolls an optimistic change back and says why when the item changed meanwhile (CONFLICT)', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    const requests = triageApi('TRIAGER', () => ({
      data: {
        updateActionItem: {
          __typename: 'ActionItemPayload',
          actionItem: { __typename: 'ActionItem', id: '41', version: 4, title: item.title },
          errors: [{ __typename: 'MutationError', code: 'CONFLICT', message: 'The item is at version 4, not 3.', field: 'version' }],
        },
      },
    }));
    render(<App />);

    const table = await screen.findByRole('table', { name: 'Unassigned items' });
    await userEvent.click(within(table).getByRole('button', { name: `Assign ${item.title}` }));
    const form = screen.getByRole('form', { name: `Assign ${item.title}` });
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), 'HIGH');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Someone changed this meanwhile, so your change was not applied');
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    expect(within(row).getByText('unset')).toBeInTheDocument();
    expect(requests.find((r) => r.operationName === 'TriageUpdateItem')?.variables).toEqual({
      input: { id: '41', version: 3, priority: 'HIGH' },
    });
  });

  it('opens the assign form of the current row with a', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    triageApi('TRIAGER', () => ({}));
    render(<App />);
    await screen.findByRole('table', { name: 'Unassigned items' });

    await userEvent.keyboard('a');

    expect(screen.getByRole('form', { name: `Assign ${item.title}` })).toBeInTheDocument();
  });

  it('asks for the filter choices only once the rows are shown', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    let rowsShownWhenChoicesAsked: boolean | undefined;
    const requests = triageApi('TRIAGER', () => ({}), () => {
      rowsShownWhenChoicesAsked = screen.queryByRole('table', { name: 'Unassigned items' }) !== null;
    });
    render(<App />);
    await screen.findByRole('table', { name: 'Unassigned items' });

    await waitFor(() => expect(requests.some((r) => r.operationName === 'TriageChoices')).toBe(true));
    expect(rowsShownWhenChoicesAsked).toBe(true);
  });

  it('shows a viewer no edit controls', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    triageApi('VIEWER', () => ({}));
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Unassigned items' });

    expect(within(table).queryByRole('button', { name: `Assign ${item.title}` })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Bulk assign' })).toBeNull();
  });
});
