import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { describeError } from '../graphql/errors';

/** Shown while a page's first answer is on its way. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p role="status" aria-live="polite" className="state state-loading">
      {what}…
    </p>
  );
}

/** A failed request, said plainly; `retry` offers to ask again. */
export function ErrorNotice({ error, retry }: { error: CombinedError | string; retry?: () => void }) {
  return (
    <div role="alert" className="state state-error">
      <p>{typeof error === 'string' ? error : describeError(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Nothing to show, and why (e.g. "No unassigned open items"). */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}
