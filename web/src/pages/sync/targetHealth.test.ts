import { describe, expect, it } from 'vitest';
import { targetHealth, type TargetState } from './targetHealth';

const now = new Date('2026-12-05T10:00:00Z');
const healthy: TargetState = {
  configured: true,
  rateLimitWaitSeconds: 0,
  pollIntervalSeconds: 60,
  lastPollAt: '2026-12-05T09:59:30Z',
  lastSuccessfulPollAt: '2026-12-05T09:59:30Z',
  lastError: null,
};

describe('targetHealth', () => {
  it('calls a target that polled within its interval healthy', () => {
    expect(targetHealth(healthy, now)).toEqual({ level: 'ok', text: 'healthy' });
  });

  it('puts halted before rate-limited before failing', () => {
    const everything = { ...healthy, haltedAt: '2026-12-05T09:00:00Z', rateLimitWaitSeconds: 30, lastSuccessfulPollAt: null, lastError: 'x' };
    expect(targetHealth(everything, now).text).toMatch(/^halted since 2026-12-05 09:00 UTC/);
    expect(targetHealth({ ...everything, haltedAt: null }, now).text).toBe('rate-limited for 30 s more');
    expect(targetHealth({ ...everything, haltedAt: null, rateLimitWaitSeconds: 0 }, now)).toMatchObject({ level: 'failing' });
  });

  it('says the halt time in UTC when the API gives it with another offset', () => {
    expect(targetHealth({ ...healthy, haltedAt: '2026-12-05T11:00:00+02:00' }, now).text).toMatch(/^halted since 2026-12-05 09:00 UTC/);
  });

  it('is not failing when an old error was followed by a successful poll', () => {
    expect(targetHealth({ ...healthy, lastError: 'timeout' }, now).level).toBe('ok');
  });

  it('says stale after three intervals without success, and when it never polled', () => {
    expect(targetHealth({ ...healthy, lastPollAt: '2026-12-05T09:56:00Z', lastSuccessfulPollAt: '2026-12-05T09:56:00Z' }, now).text).toMatch(/^stale/);
    expect(targetHealth({ ...healthy, lastPollAt: null, lastSuccessfulPollAt: null }, now).text).toBe('not polled yet');
  });

  it('says an unconfigured target is not synced', () => {
    expect(targetHealth({ ...healthy, configured: false }, now).level).toBe('warning');
  });
});
