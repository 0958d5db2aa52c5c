import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { fakeGraphQL, unauthenticated, viewer } from './test/fakeApi';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sign-in', () => {
  it('asks for a token, keeps the accepted one in sessionStorage and shows the role-aware shell', async () => {
    const requests = fakeGraphQL(({ operationName, authorization }) =>
      authorization !== 'Bearer good' ? unauthenticated : operationName === 'Viewer' ? viewer('ADMIN', 'ops') : { body: { data: null } },
    );
    render(<App />);

    const token = await screen.findByLabelText('API token');
    await userEvent.type(token, 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('did not accept your token');
    expect(sessionStorage.getItem('actionitems.apiToken')).toBeNull();

    await userEvent.clear(token);
    await userEvent.type(token, 'good');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByText('ops (admin)')).toBeInTheDocument();
    // The jobs dashboard is opened by posting this tab's token to its sign-in (never in a URL).
    const jobs = screen.getByRole('button', { name: 'Jobs' }).closest('form')!;
    expect(jobs).toHaveAttribute('action', '/jobs/sign-in');
    expect(jobs).toHaveAttribute('method', 'post');
    expect((jobs.elements.namedItem('token') as HTMLInputElement).value).toBe('good');
    expect(sessionStorage.getItem('actionitems.apiToken')).toBe('good');
    expect(requests.some((r) => r.authorization === 'Bearer good')).toBe(true);
  });

  it('asks the API for the viewer once when signing in', async () => {
    const requests = fakeGraphQL(({ operationName, authorization }) =>
      authorization !== 'Bearer good' ? unauthenticated : operationName === 'Viewer' ? viewer('TRIAGER', 'ops') : { body: { data: null } },
    );
    render(<App />);

    await userEvent.type(await screen.findByLabelText('API token'), 'good');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    // The home page's own query comes after any check the session would make for the new token.
    await waitFor(() => expect(requests.some((r) => r.authorization === 'Bearer good' && r.operationName === 'TriageItems')).toBe(true));

    expect(requests.filter((r) => r.authorization === 'Bearer good' && r.operationName === 'Viewer')).toHaveLength(1);
  });

  it('shows no jobs link to a viewer and forgets the token on sign-out', async () => {
    sessionStorage.setItem('actionitems.apiToken', 'viewer-secret');
    fakeGraphQL(({ operationName, authorization }) =>
      authorization !== 'Bearer viewer-secret' ? unauthenticated : operationName === 'Viewer' ? viewer('VIEWER') : { body: { data: null } },
    );
    render(<App />);

    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Jobs' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Jobs' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('API token')).toBeInTheDocument();
    expect(sessionStorage.getItem('actionitems.apiToken')).toBeNull();
  });
});
