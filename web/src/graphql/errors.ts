import type { CombinedError } from 'urql';

/** One sentence for a person: what went wrong talking to the API. */
export function describeError(error: CombinedError): string {
  const status = (error.response as Response | undefined)?.status;
  if (status === 401) {
    return 'The API did not accept your token (unknown, revoked or expired). Sign in again.';
  }
  if (status === 403) {
    return 'Your role may not do this.';
  }
  if (error.networkError) {
    return `The API could not be reached: ${error.networkError.message}`;
  }
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  return messages.length > 0 ? messages.join(' ') : error.message;
}

/**
 * One sentence for a failed request or mutation: the request's failure in describeError's words, else the messages of the
 * payload's `errors`, else `fallback`.
 */
export function describeFailure(
  error: CombinedError | undefined,
  errors: readonly { message: string }[] = [],
  fallback = 'The API gave no answer.',
): string {
  if (error) return describeError(error);
  return errors.map((e) => e.message).filter(Boolean).join(' ') || fallback;
}
