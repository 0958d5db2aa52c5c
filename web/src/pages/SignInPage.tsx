import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/Session';

/** Sign-in with an API token (README, Access): checked with the API, then kept in this tab's sessionStorage. */
export function SignInPage({ message }: { message?: string }) {
  const { signIn } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(message);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const failure = await signIn(token);
    setBusy(false);
    setError(failure ?? undefined);
  }

  return (
    <main className="sign-in">
      <h1>Sign in to ActionItems</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor="api-token">API token</label>
        <input
          id="api-token"
          type="password"
          autoComplete="off"
          autoFocus
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" className="state state-error">
            {error}
          </p>
        )}
      </form>
      <p className="hint">
        The first start of the server prints an admin token once; more with{' '}
        <code>./run.sh token create --role viewer|triager|admin --name NAME</code>. The token stays in this browser tab only.
      </p>
    </main>
  );
}
