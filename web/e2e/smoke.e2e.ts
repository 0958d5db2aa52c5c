import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, screenshot, signIn } from './browser';

const host = inject('host');
const browser = browserPerTest();

describe('the app in a real browser', () => {
  it('asks for a token, signs in and reaches every page by its address', async () => {
    const { page } = browser();
    await page.goto(host.baseUrl + '/incidents');
    await page.getByLabel('API token').waitFor();
    await screenshot(page, 'sign-in');

    await signIn(page, host, host.tokens.admin, '/incidents');
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toContain('Incidents');
    expect(await page.getByRole('button', { name: 'Jobs' }).isVisible()).toBe(true);

    // A reload keeps the sign-in (sessionStorage) and the host answers the app for its own routes.
    await page.goto(host.baseUrl + '/dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Triage' }).click();
    await page.getByRole('heading', { name: 'Triage' }).waitFor();

    // Jobs opens the Hangfire dashboard signed in with this tab's admin token: no second sign-in form.
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.waitForURL(host.baseUrl + '/jobs');
    expect(await page.getByLabel('Admin API token').count()).toBe(0);
    expect(await page.content()).toContain('Hangfire');
  });

  it('shows a viewer no jobs link', async () => {
    const { page } = browser();
    await signIn(page, host, host.tokens.viewer);
    expect(await page.getByText('token:e2e-viewer (viewer)', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Jobs' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Jobs' }).count()).toBe(0);
  });
});
