import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserPerTest, signIn } from './browser';

const host = inject('host');
const browser = browserPerTest();

/**
 * Everything the browser refused under the host's Content-Security-Policy (api/ActionItems.Api/Hosting/SecurityHeaders.cs):
 * the `securitypolicyviolation` events of every document the page shows.
 */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) seen.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return async () => seen;
}

describe('the app under its Content-Security-Policy', () => {
  it('loads every page, draws its charts with tooltips and opens the jobs dashboard without a single violation', async () => {
    const { page } = browser();
    const violations = await recordViolations(page);

    const response = await page.goto(host.baseUrl + '/dashboard');
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');

    await signIn(page, host, host.tokens.admin, '/dashboard');
    const chart = page.getByRole('img', { name: 'Open items by team' }).locator('canvas');
    await chart.waitFor();
    // A chart tooltip is HTML with inline style attributes (the policy allows those, never inline script).
    const box = await chart.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    }
    for (const path of ['/incidents', '/items/1', '/sync', '/import', '/']) {
      await page.goto(host.baseUrl + path);
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
    }
    await page.getByRole('button', { name: 'Jobs' }).click();
    await page.waitForURL(host.baseUrl + '/jobs');
    expect(await page.content()).toContain('Hangfire');
    await page.waitForLoadState('networkidle');

    expect(await violations()).toEqual([]);
  });
});
