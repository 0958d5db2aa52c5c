import { NavLink, Outlet } from 'react-router-dom';
import { useSession } from '../auth/Session';
import { roleLabel } from '../auth/roles';
import { readToken } from '../auth/tokenStorage';

const PAGES = [
  { to: '/', label: 'Triage', end: true },
  { to: '/incidents', label: 'Incidents', end: false },
  { to: '/dashboard', label: 'Dashboard', end: false },
  { to: '/import', label: 'Import', end: false },
  { to: '/sync', label: 'Sync', end: false },
  { to: '/explorer', label: 'Explorer', end: false },
] as const;

/** The app shell: navigation, who is signed in, and the current page. */
export function Layout() {
  const { state, signOut, can } = useSession();
  const viewer = state.status === 'signed-in' ? state.viewer : null;
  return (
    <div className="shell">
      <header className="shell-header">
        <span className="brand">ActionItems</span>
        <nav aria-label="Main">
          <ul>
            {PAGES.map((page) => (
              <li key={page.to}>
                <NavLink to={page.to} end={page.end}>
                  {page.label}
                </NavLink>
              </li>
            ))}
            {can('ADMIN') && (
              <li>
                <JobsLink />
              </li>
            )}
          </ul>
        </nav>
        {viewer && (
          <div className="who">
            <span>
              {viewer.anonymous ? 'Anonymous' : viewer.name} ({roleLabel(viewer.role)})
            </span>
            <button type="button" onClick={signOut}>
              {viewer.anonymous ? 'Sign in' : 'Sign out'}
            </button>
          </div>
        )}
      </header>
      <main className="shell-main">
        <Outlet />
      </main>
    </div>
  );
}

/**
 * The Hangfire dashboard is a server page of its own (README, "What runs where") that a browser reaches with a
 * cookie: this posts the tab's admin token to /jobs/sign-in, which sets that cookie and opens /jobs — the token
 * goes in a form body, never in a URL. Without a stored token (a JWT sign-in) it is a plain link to the
 * dashboard's own sign-in.
 */
function JobsLink() {
  const token = readToken();
  if (!token) return <a href="/jobs">Jobs</a>;
  return (
    <form method="post" action="/jobs/sign-in" className="inline-form">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="returnTo" value="/jobs" />
      <button type="submit" className="link-button">
        Jobs
      </button>
    </form>
  );
}
