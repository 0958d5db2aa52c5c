import type { ReactNode } from 'react';

/** A page that is routed but not built yet (issue 19 lists what it will show). */
export function StubPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <p className="state state-empty">Not built yet: {children}</p>
    </section>
  );
}
