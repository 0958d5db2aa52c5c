import { when } from '../../format';

/** What a sync target's health is read from (SyncTarget in docs/schema.graphql). */
export interface TargetState {
  configured: boolean;
  haltedAt?: string | null;
  rateLimitWaitSeconds: number;
  lastPollAt?: string | null;
  lastSuccessfulPollAt?: string | null;
  lastError?: string | null;
  pollIntervalSeconds: number;
}

export interface TargetHealth {
  level: 'ok' | 'warning' | 'failing';
  text: string;
}

/**
 * One word (and why) for a target, worst first: a halted target does nothing until its configuration changes,
 * so it outranks a rate limit, which outranks a failing last poll. A target that has not polled successfully for
 * three intervals is called stale: a single slow poll is normal, three missed ones are not.
 */
export function targetHealth(target: TargetState, now: Date): TargetHealth {
  if (!target.configured) {
    return { level: 'warning', text: 'not synced: an import named it, no configuration entry does' };
  }
  if (target.haltedAt) {
    return { level: 'failing', text: `halted since ${when(target.haltedAt)}: every call failed the same way; fix its configuration` };
  }
  if (target.rateLimitWaitSeconds > 0) {
    return { level: 'warning', text: `rate-limited for ${target.rateLimitWaitSeconds} s more` };
  }
  const lastPoll = target.lastPollAt ? Date.parse(target.lastPollAt) : null;
  const lastSuccess = target.lastSuccessfulPollAt ? Date.parse(target.lastSuccessfulPollAt) : null;
  if (lastPoll !== null && (lastSuccess === null || lastSuccess < lastPoll) && target.lastError) {
    return { level: 'failing', text: 'failing: the last poll did not succeed' };
  }
  if (lastSuccess === null) {
    return { level: 'warning', text: 'not polled yet' };
  }
  if (now.getTime() - lastSuccess > 3 * target.pollIntervalSeconds * 1000) {
    return { level: 'warning', text: 'stale: no successful poll for three intervals' };
  }
  return { level: 'ok', text: 'healthy' };
}
