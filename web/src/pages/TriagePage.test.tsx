import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { fakeGraphQL, viewer } from '../test/fakeApi';
import { refusal } from './TriagePage';

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

/** The API's answer to the test item's update: the item at version 4, with these errors. */
function updatedToVersion4(errors: { __typename: 'MutationError'; code: string; message: string; field: string }[]) {
  return {
    data: {
      updateActionItem: {
        __typename: 'ActionItemPayload',
        actionItem: { __typename: 'ActionItem', id: '41', version: 4, title: item.title },
        errors,
      },
    },
  };
}

/** Renders the app and opens the assign form of the test item: the items table and the form. */
async function openAssignForm() {
  render(<App />);
  const table = await screen.findByRole('table', { name: 'Unassigned items' });
  await userEvent.click(within(table).getByRole('button', { name: `Assign ${item.title}` }));
  return { table, form: screen.getByRole('form', { name: `Assign ${item.title}` }) };
}

type Row = Omit<typeof item, 'team'> & { team: string | null };

/** How many times the page read the list (TriageItems requests). */
function triageReads(requests: readonly { operationName?: string | null }[]) {
  return requests.filter((r) => r.operationName === 'TriageItems').length;
}

/**
 * The fake API of the triage page. `rows(n)` answers the n-th TriageItems request (0 first; the same item by default),
 * `update` TriageUpdateItem (with HTTP status `updateStatus`), `push` TriagePushItems; `targets` are the configured sync targets.
 */
function triageApi(
  role: 'VIEWER' | 'TRIAGER',
  {
    update = () => ({}),
    updateStatus = 200,
    push = () => ({}),
    rows = () => item,
    people = [],
    targets = [],
    onChoices = () => {},
  }: {
    update?: () => unknown;
    updateStatus?: number;
    push?: () => unknown;
    rows?: (request: number) => Row | null;
    people?: string[];
    targets?: string[];
    onChoices?: () => void;
  } = {},
) {
  let rowRequests = 0;
  return fakeGraphQL(({ operationName }) => {
    switch (operationName) {
      case 'Viewer':
        return viewer(role);
      case 'TriageItems': {
        const row = rows(rowRequests++);
        return {
          body: {
            data: {
              actionItems: {
                __typename: 'ActionItemConnection',
                totalCount: row ? 1 : 0,
                pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: row ? 'c1' : null },
                edges: row ? [{ __typename: 'ActionItemEdge', node: row }] : [],
              },
            },
          },
        };
      }
      case 'TriageChoices':
        onChoices();
        return {
          body: {
            data: {
              incidents: { __typename: 'IncidentConnection', items: [] },
              syncTargets: targets.map((name) => ({ __typename: 'SyncTarget', name, kind: 'PHABRICATOR', configured: true })),
            },
          },
        };
      case 'PeopleSearch':
        return {
          body: {
            data: {
              people: {
                __typename: 'PersonConnection',
                items: people.map((displayName, index) => ({ __typename: 'Person', id: `p${index + 1}`, displayName })),
              },
            },
          },
        };
      case 'TriageUpdateItem':
        return { status: updateStatus, body: update() };
      case 'TriagePushItems':
        return { body: push() };
      default:
        throw new Error(`unexpected operation ${operationName}`);
    }
  });
}

describe('triage', () => {
  it('rolls an optimistic change back and says why when the item changed meanwhile (CONFLICT)', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    const requests = triageApi('TRIAGER', {
      update: () =>
        updatedToVersion4([{ __typename: 'MutationError', code: 'CONFLICT', message: 'The item is at version 4, not 3.', field: 'version' }]),
    });
    const { table, form } = await openAssignForm();
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), 'HIGH');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Someone changed this meanwhile, so your change was not applied');
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    expect(within(row).getByText('unset')).toBeInTheDocument();
    expect(requests.find((r) => r.operationName === 'TriageUpdateItem')?.variables).toEqual({
      input: { id: '41', version: 3, priority: 'HIGH' },
    });
    // The answer carries the item, so urql's cache reads the list again; the page does not read it a third time.
    await waitFor(() => expect(triageReads(requests)).toBeGreaterThanOrEqual(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(triageReads(requests)).toBe(2);
  });

  it('reads the list again itself when a refusal carries no item', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    const requests = triageApi('TRIAGER', {
      update: () => ({
        data: {
          updateActionItem: {
            __typename: 'ActionItemPayload',
            actionItem: null,
            errors: [{ __typename: 'MutationError', code: 'NOT_FOUND', message: 'No action item 41.', field: 'id' }],
          },
        },
      }),
    });
    const { form } = await openAssignForm();
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), 'HIGH');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('No action item 41.');
    await waitFor(() => expect(triageReads(requests)).toBe(2));
  });

  it('shows the server\'s values once the list is read again after a confirmed change', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    // Our change made version 4 (team sre); someone else then moved the item to team web (version 5).
    const requests = triageApi('TRIAGER', {
      update: () => updatedToVersion4([]),
      rows: (request) => (request === 0 ? item : { ...item, version: 5, team: 'web' }),
    });
    const { table, form } = await openAssignForm();
    await userEvent.type(within(form).getByLabelText('Team'), 'sre');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('1 item updated: team sre.')).toBeInTheDocument();
    await waitFor(() => expect(requests.filter((r) => r.operationName === 'TriageItems')).toHaveLength(2));
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('web')).toBeInTheDocument());
    expect(within(row).queryByText('sre')).toBeNull();
    expect(within(row).getByText('Assigned: team sre')).toBeInTheDocument();
  });

  it('forgets a confirmed change once its row left the list, so a row coming back shows no old note', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    // Read 1: the item; our owner change (version 4) takes it off the unassigned list (read 2); someone clears the owner
    // and the next read holds it again at version 6.
    const requests = triageApi('TRIAGER', {
      update: () => updatedToVersion4([]),
      people: ['Ada'],
      rows: (request) => (request === 0 ? item : request === 1 ? null : { ...item, version: 6 }),
    });
    const { form } = await openAssignForm();
    await userEvent.type(within(form).getByLabelText('Owner'), 'Ada');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('1 item updated: owner Ada.')).toBeInTheDocument();
    expect(await screen.findByText(/No open unassigned items/)).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Tag'), 'x');

    const table = await screen.findByRole('table', { name: 'Unassigned items' });
    expect(triageReads(requests)).toBe(3);
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    expect(within(row).queryByText(/Assigned:/)).toBeNull();
    expect(within(row).queryByText('Ada')).toBeNull();
  });

  it('says a refused request in the words of describeError and rolls the change back', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    triageApi('TRIAGER', {
      updateStatus: 403,
      update: () => ({ errors: [{ message: 'The current user is not authorized to access this resource.', extensions: { code: 'FORBIDDEN' } }] }),
    });
    const { table, form } = await openAssignForm();
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), 'HIGH');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Your role may not do this.');
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    expect(within(row).getByText('unset')).toBeInTheDocument();
  });

  it('pushes the current row to the configured tracker with p and says so', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    const requests = triageApi('TRIAGER', {
      targets: ['phorge'],
      push: () => ({
        data: {
          pushToTracker: {
            __typename: 'PushToTrackerPayload',
            links: [{ __typename: 'TrackerLink', id: '90', state: 'PENDING_CREATE' }],
            errors: [],
          },
        },
      }),
    });
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Unassigned items' });
    // The targets come with the filter choices, asked for once the rows are shown.
    expect(await screen.findByRole('combobox', { name: 'Push to' })).toHaveValue('phorge');

    await userEvent.keyboard('p');

    expect(await screen.findByText('1 item queued for phorge.')).toBeInTheDocument();
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    expect(within(row).getByText('Queued for phorge')).toBeInTheDocument();
    expect(requests.filter((r) => r.operationName === 'TriagePushItems').map((r) => r.variables)).toEqual([
      { itemIds: ['41'], target: 'phorge' },
    ]);
  });

  it('takes a push back and says why when the API refuses it', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    triageApi('TRIAGER', {
      targets: ['phorge'],
      push: () => ({
        data: {
          pushToTracker: {
            __typename: 'PushToTrackerPayload',
            links: [],
            errors: [{ __typename: 'MutationError', code: 'VALIDATION', message: 'The item is already linked to phorge.', field: 'target' }],
          },
        },
      }),
    });
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Unassigned items' });
    await screen.findByRole('combobox', { name: 'Push to' });

    await userEvent.click(within(table).getByRole('button', { name: `Push ${item.title}` }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The item is already linked to phorge.');
    const row = within(table).getByRole('link', { name: item.title }).closest('tr')!;
    expect(within(row).queryByText(/phorge/)).toBeNull();
    expect(within(row).queryByRole('status')).toBeNull();
  });

  it('opens the assign form of the current row with a', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    triageApi('TRIAGER');
    render(<App />);
    await screen.findByRole('table', { name: 'Unassigned items' });

    await userEvent.keyboard('a');

    expect(screen.getByRole('form', { name: `Assign ${item.title}` })).toBeInTheDocument();
  });

  it('asks for the filter choices only once the rows are shown', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    let rowsShownWhenChoicesAsked: boolean | undefined;
    const requests = triageApi('TRIAGER', {
      onChoices: () => {
        rowsShownWhenChoicesAsked = screen.queryByRole('table', { name: 'Unassigned items' }) !== null;
      },
    });
    render(<App />);
    await screen.findByRole('table', { name: 'Unassigned items' });

    await waitFor(() => expect(requests.some((r) => r.operationName === 'TriageChoices')).toBe(true));
    expect(rowsShownWhenChoicesAsked).toBe(true);
  });

  it('says a refusal whose errors carry no message in describeFailure\'s fallback, never as an empty alert', () => {
    expect(refusal([{ code: 'VALIDATION', message: '' }])).toBe('The API gave no answer.');
    expect(refusal([{ code: 'CONFLICT', message: '' }])).toBe(
      'Someone changed this meanwhile, so your change was not applied; the list now shows the current values.',
    );
    expect(refusal([{ code: 'VALIDATION', message: 'Team is too long.' }, { code: 'VALIDATION', message: 'Unknown owner.' }])).toBe(
      'Team is too long. Unknown owner.',
    );
  });

  it('shows a viewer no edit controls', async () => {
    sessionStorage.setItem('actionitems.apiToken', 't');
    triageApi('VIEWER');
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Unassigned items' });

    expect(within(table).queryByRole('button', { name: `Assign ${item.title}` })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Bulk assign' })).toBeNull();
  });
});
