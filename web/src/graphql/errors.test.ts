import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { describeError, describeFailure } from './errors';

describe('describeFailure', () => {
  it('says a failed request in describeError\'s words, whatever the payload holds', () => {
    const forbidden = new CombinedError({
      graphQLErrors: [{ message: 'The current user is not authorized.' }],
      response: new Response('', { status: 403 }),
    });
    expect(describeFailure(forbidden, [{ message: 'ignored' }])).toBe('Your role may not do this.');
    const unreachable = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(describeFailure(unreachable)).toBe(describeError(unreachable));
    expect(describeFailure(unreachable)).toBe('The API could not be reached: Failed to fetch');
  });

  it('joins the payload\'s error messages when the request itself went through', () => {
    expect(describeFailure(undefined, [{ message: 'Title is required.' }, { message: 'Due date is in the past.' }])).toBe(
      'Title is required. Due date is in the past.',
    );
  });

  it('falls back to the given sentence when nothing says what went wrong', () => {
    expect(describeFailure(undefined, [], 'The item was not saved.')).toBe('The item was not saved.');
    expect(describeFailure(undefined)).toBe('The API gave no answer.');
  });
});
