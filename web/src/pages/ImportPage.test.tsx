import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { fakeGraphQL, viewer } from '../test/fakeApi';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState({}, '', '/');
});

const counts = { incidentCreated: true, documentUnchanged: false, added: 1, updated: 0, unchanged: 0, vanished: 0, linksCreated: 0 };

const preview = {
  __typename: 'PostmortemPreview',
  format: 'MARKDOWN',
  incident: { __typename: 'ExtractedIncident', title: 'Queue backlog', slug: null, date: null, documentStatus: 'UNKNOWN', impact: null, summary: null, coordinators: [] },
  actionables: [
    { __typename: 'ExtractedActionable', ordinal: 1, title: 'Alert on queue depth', section: 'Action items', owner: null, dueDate: null, done: null, needsReview: false, references: [] },
  ],
  warnings: [],
};

function importApi(
  role: 'VIEWER' | 'TRIAGER',
  previewErrors: { code: string; message: string; field: string | null }[] = [],
  previewed: typeof preview = preview,
) {
  return fakeGraphQL(({ operationName }) => {
    switch (operationName) {
      case 'Viewer':
        return viewer(role);
      case 'PreviewImport':
        return {
          body: {
            data: {
              previewPostmortem: {
                __typename: 'PreviewPostmortemPayload',
                preview: previewErrors.length ? null : previewed,
                errors: previewErrors.map((e) => ({ __typename: 'MutationError', ...e })),
              },
              wouldChange: { __typename: 'ImportPostmortemPayload', ...counts, errors: [] },
            },
          },
        };
      case 'RunImport':
        return {
          body: {
            data: {
              importPostmortem: {
                __typename: 'ImportPostmortemPayload',
                incident: { __typename: 'Incident', id: '9', title: 'Queue backlog' },
                ...counts,
                warnings: [],
                errors: [],
              },
            },
          },
        };
      default:
        throw new Error(`unexpected operation ${operationName}`);
    }
  });
}

function openImport() {
  sessionStorage.setItem('actionitems.apiToken', 't');
  window.history.pushState({}, '', '/import');
  render(<App />);
}

describe('import', () => {
  it('imports exactly what was previewed, and asks for a new preview after an edit', async () => {
    const requests = importApi('TRIAGER');
    openImport();
    const text = await screen.findByLabelText('Postmortem text');
    await userEvent.type(text, '# Queue backlog');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('A new incident would be created with 1 item.')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: /Items/ })).toHaveTextContent('Alert on queue depth');
    expect(requests.find((r) => r.operationName === 'PreviewImport')?.variables).toEqual({
      input: { text: '# Queue backlog', format: null, sourceUrl: null },
      dryRunInput: { text: '# Queue backlog', format: null, sourceUrl: null, dryRun: true },
    });

    await userEvent.type(text, '!');
    expect(screen.queryByRole('button', { name: 'Import' })).not.toBeInTheDocument();
    expect(screen.getByText(/preview it again before importing/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('link', { name: 'Open Queue backlog' })).toHaveAttribute('href', '/incidents/9');
    expect(requests.find((r) => r.operationName === 'RunImport')?.variables).toEqual({
      input: { text: '# Queue backlog!', format: null, sourceUrl: null },
    });
  });

  it('says the document\'s status and format in words, like the incident pages', async () => {
    importApi('TRIAGER', [], {
      ...preview,
      format: 'WIKITECH_RENDERED',
      incident: { ...preview.incident, documentStatus: 'IN_REVIEW' },
    });
    openImport();
    await userEvent.type(await screen.findByLabelText('Postmortem text'), '# Queue backlog');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const incident = await screen.findByLabelText('Incident');
    expect(incident).toHaveTextContent('in review');
    expect(incident).toHaveTextContent('wikitech rendered');
  });

  it('shows why a preview failed and offers no import', async () => {
    importApi('TRIAGER', [{ code: 'PARSE_ERROR', message: 'The document names no incident.', field: 'text' }]);
    openImport();
    await userEvent.type(await screen.findByLabelText('Postmortem text'), 'hello');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The document names no incident.');
    expect(screen.queryByRole('button', { name: 'Import' })).not.toBeInTheDocument();
  });

  it('tells a viewer the role it needs and shows no form', async () => {
    importApi('VIEWER');
    openImport();
    expect(await screen.findByText(/Importing needs the triager or admin role/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Postmortem text')).not.toBeInTheDocument();
  });
});
