import { describe, expect, it } from 'vitest';
import { answerText, when, words } from './format';

describe('format', () => {
  it('says an enum value in words, every underscore a space', () => {
    expect(words('WOULD_HAVE_PREVENTED')).toBe('would have prevented');
    expect(words('IN_PROGRESS')).toBe('in progress');
    expect(words('OPEN')).toBe('open');
  });

  it('shows a timestamp to the minute in UTC, with or without fractions of a second', () => {
    expect(when('2026-03-31T12:34:56.789Z')).toBe('2026-03-31 12:34 UTC');
    expect(when('2026-03-31T12:34:56Z')).toBe('2026-03-31 12:34 UTC');
    expect(when('2026-03-31T14:34:56+02:00')).toBe('2026-03-31 12:34 UTC');
    expect(when(null)).toBe('—');
    expect(when(undefined)).toBe('—');
  });

  it('says a scorecard answer in words, a dash when there is none', () => {
    expect(answerText('YES')).toBe('yes');
    expect(answerText(null)).toBe('—');
  });
});
