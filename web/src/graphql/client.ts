import { Client, cacheExchange, fetchExchange } from 'urql';

/**
 * The one GraphQL client of a signed-in session. A new token makes a new client, so nothing one caller
 * read is shown to the next.
 */
export function createApiClient(token: string | null): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'cache-and-network',
    // POST always (urql would send short queries as GET): one code path on the server, and no query text in access logs.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({
      headers: token ? { Authorization: `Bearer ${token}` } : undefined,
    }),
  });
}
