import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider, type Client } from 'urql';
import { graphql } from '../gql';
import type { ViewerQuery } from '../gql/graphql';
import { createApiClient } from '../graphql/client';
import { describeError } from '../graphql/errors';
import { hasRole, type Role } from './roles';
import { forgetToken, readToken, storeToken } from './tokenStorage';

export const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      name
      role
      anonymous
    }
  }
`);

export type Viewer = NonNullable<ViewerQuery['viewer']>;

export type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; message?: string }
  | { status: 'signed-in'; viewer: Viewer };

export interface SessionValue {
  state: SessionState;
  /** Checks the token with the API and keeps it when the API accepts it; resolves to an error message otherwise. */
  signIn(token: string): Promise<string | null>;
  signOut(): void;
  /** The signed-in caller holds at least this role. */
  can(role: Role): boolean;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** Asks the API who a token belongs to: the viewer, or a sentence saying why not. */
export async function checkToken(client: Client): Promise<Viewer | string> {
  const result = await client.query(ViewerDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) {
    return describeError(result.error);
  }
  return result.data?.viewer ?? 'Sign in with an API token (anonymous access is off on this server).';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => readToken());
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  // After "Sign out" (or "Sign in" as an anonymous viewer) the sign-in form shows even where anonymous read is on.
  const [wantsSignIn, setWantsSignIn] = useState(false);
  const client = useMemo(() => createApiClient(token), [token]);
  // The token signIn has just checked with the API: the effect below need not ask about it a second time.
  const checkedBySignIn = useRef<string | null>(null);

  // On load: a token kept from before this reload is checked again (it may have been revoked); without one,
  // a server with anonymous read lets the app in as an anonymous viewer.
  useEffect(() => {
    if (!token && wantsSignIn) {
      setState({ status: 'signed-out' });
      return;
    }
    if (token && token === checkedBySignIn.current) return;
    let current = true;
    void checkToken(client).then((viewer) => {
      if (!current) return;
      if (typeof viewer === 'string') {
        if (token) forgetToken();
        setState({ status: 'signed-out', message: token ? viewer : undefined });
      } else {
        setState({ status: 'signed-in', viewer });
      }
    });
    return () => {
      current = false;
    };
  }, [client, token, wantsSignIn]);

  const signIn = useCallback(async (candidate: string) => {
    const trimmed = candidate.trim();
    if (!trimmed) return 'Paste an API token.';
    const viewer = await checkToken(createApiClient(trimmed));
    if (typeof viewer === 'string') return viewer;
    checkedBySignIn.current = trimmed;
    storeToken(trimmed);
    setWantsSignIn(false);
    setToken(trimmed);
    setState({ status: 'signed-in', viewer });
    return null;
  }, []);

  const signOut = useCallback(() => {
    forgetToken();
    setWantsSignIn(true);
    setToken(null);
    setState({ status: 'signed-out' });
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      signIn,
      signOut,
      can: (role) => state.status === 'signed-in' && hasRole(state.viewer.role, role),
    }),
    [state, signIn, signOut],
  );

  return (
    <SessionContext.Provider value={value}>
      <Provider value={client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
