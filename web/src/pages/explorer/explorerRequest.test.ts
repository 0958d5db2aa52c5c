import { describe, expect, it, vi } from 'vitest';
import { createExplorerFetcher, DEFAULT_QUERY, initialOperation } from './explorerRequest';

function answering(status: number, body: string) {
  return vi.fn<typeof fetch>(async () => new Response(body, { status }));
}

describe('the explorer fetcher', () => {
  it('posts the operation as JSON to /graphql with the tab’s token, read when it runs', async () => {
    const fetchImpl = answering(200, '{"data":{"viewer":{"name":"me"}}}');
    let token = 'ai_first';
    const fetcher = createExplorerFetcher(() => token, fetchImpl);

    token = 'ai_second';
    const answer = await fetcher({ query: '{ viewer { name } }', operationName: null, variables: { a: 1 } });

    expect(answer).toEqual({ data: { viewer: { name: 'me' } } });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('/graphql');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ Authorization: 'Bearer ai_second', 'Content-Type': 'application/json' });
    expect(JSON.parse(init?.body as string)).toEqual({ query: '{ viewer { name } }', variables: { a: 1 } });
  });

  it('sends no Authorization header when the tab has no token (anonymous read)', async () => {
    const fetchImpl = answering(200, '{"data":{"version":"1"}}');
    await createExplorerFetcher(() => null, fetchImpl)({ query: '{ version }' });

    expect(fetchImpl.mock.calls[0]![1]?.headers).not.toHaveProperty('Authorization');
  });

  it('hands GraphiQL the errors of a refused request instead of failing', async () => {
    const refused = '{"errors":[{"message":"unknown or revoked API token","extensions":{"code":"UNAUTHENTICATED"}}]}';

    expect(await createExplorerFetcher(() => 'ai_x', answering(401, refused))({ query: '{ version }' })).toEqual(JSON.parse(refused));
    expect(await createExplorerFetcher(() => 'ai_x', answering(502, '<html>Bad Gateway</html>'))({ query: '{ version }' })).toEqual({
      errors: [{ message: 'HTTP 502: the server did not answer with JSON.' }],
    });
  });
});

describe('the explorer’s first operation', () => {
  it('is the query and variables of the address a browser was sent from /graphql', () => {
    expect(initialOperation('?query=%7B%20version%20%7D&variables=%7B%22a%22%3A1%7D')).toEqual({
      query: '{ version }',
      variables: '{"a":1}',
    });
  });

  it('is the viewer query when the address has none', () => {
    expect(initialOperation('')).toEqual({ query: DEFAULT_QUERY, variables: undefined });
    expect(initialOperation('?query=%20')).toEqual({ query: DEFAULT_QUERY, variables: undefined });
    expect(DEFAULT_QUERY).toContain('viewer');
  });
});
