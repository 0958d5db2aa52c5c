import { vi } from 'vitest';

type Answer = { status?: number; body: unknown };

/**
 * Replaces fetch with a fake /graphql: `answer` gets each request's operation name, variables and Authorization
 * header and returns the response. The requests are kept for assertions.
 */
export function fakeGraphQL(answer: (request: { operationName: string; variables: Record<string, unknown>; authorization: string | null }) => Answer) {
  const requests: { operationName: string; variables: Record<string, unknown>; authorization: string | null }[] = [];
  const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    const operationName = body.operationName || (/(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '');
    const authorization = new Headers(init?.headers).get('Authorization');
    const request = { operationName, variables: body.variables ?? {}, authorization };
    requests.push(request);
    const { status = 200, body: responseBody } = answer(request);
    return new Response(JSON.stringify(responseBody), {
      status,
      headers: { 'Content-Type': 'application/graphql-response+json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return requests;
}

export const unauthenticated: Answer = {
  status: 401,
  body: { errors: [{ message: 'Authentication required.', extensions: { code: 'UNAUTHENTICATED' } }] },
};

export function viewer(role: 'VIEWER' | 'TRIAGER' | 'ADMIN', name = `${role.toLowerCase()}-token`): Answer {
  return { body: { data: { viewer: { __typename: 'Viewer', name, role, anonymous: false } } } };
}
