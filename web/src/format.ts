import type { ScorecardAnswerValue } from './gql/graphql';

/** A timestamp as the pages show it: `2026-03-31 12:00 UTC` (to the minute, always UTC); '—' when there is none. */
export function when(value: string | null | undefined): string {
  return value ? new Date(value).toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—';
}

/** An API enum value in words: `WOULD_HAVE_PREVENTED` → `would have prevented` (every underscore, not just the first). */
export function words(value: string): string {
  return value.toLowerCase().replace(/_/g, ' ');
}

/** A scorecard answer in words; '—' when there is none. */
export function answerText(answer: ScorecardAnswerValue | null | undefined): string {
  return answer == null ? '—' : words(answer);
}
