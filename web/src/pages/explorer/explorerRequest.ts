import type { ExecutionResult } from 'graphql';

/** What GraphiQL hands its fetcher: one operation (tests build these by hand). */
export interface ExplorerOperation {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/** The first query the explorer shows: who the explorer runs as. */
export const DEFAULT_QUERY = `# Runs as you, with your sign-in token.
# Ctrl+Enter runs it, Ctrl+Space completes.
{
  viewer {
    name
    role
    anonymous
  }
  version
}
`;

/**
 * The explorer's starting query and variables from its address. A browser that asked GET /graphql?query=… for HTML is
 * sent here with the same query string (api/ActionItems.Api/Web/WebAppEndpoints.cs), so a shared API link opens in
 * the explorer with its query filled in instead of running it.
 */
export function initialOperation(search: string): { query: string; variables: string | undefined } {
  const parameters = new URLSearchParams(search);
  const query = parameters.get('query');
  const variables = parameters.get('variables');
  return {
    query: query && query.trim().length > 0 ? query : DEFAULT_QUERY,
    variables: variables && variables.trim().length > 0 ? variables : undefined,
  };
}

/**
 * A GraphiQL fetcher that sends each operation the way the app's own client does (POST /graphql, JSON) with the tab's
 * API token, read at the time of the request so signing in again in the tab is picked up. The answer's body is
 * returned whatever the status: a refused query (400, 401, 403) still carries `errors` GraphiQL should show.
 */
export function createExplorerFetcher(readToken: () => string | null, fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {
  return async (operation: ExplorerOperation): Promise<ExecutionResult> => {
    const token = readToken();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json;q=0.9',
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetchImpl('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: operation.query,
        operationName: operation.operationName ?? undefined,
        variables: operation.variables ?? undefined,
      }),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as ExecutionResult;
    } catch {
      // Not a GraphQL answer (a proxy's error page): say what came back rather than failing without a word.
      // GraphiQL only prints the errors, so their message is all they need (not a full GraphQLError).
      const errors = [{ message: `HTTP ${response.status}: the server did not answer with JSON.` }];
      return { errors } as unknown as ExecutionResult;
    }
  };
}
