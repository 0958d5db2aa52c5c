import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Back to triage</Link>.
      </p>
    </section>
  );
}
