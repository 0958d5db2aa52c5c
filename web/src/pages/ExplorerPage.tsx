import { lazy, Suspense } from 'react';
import { Loading } from '../components/States';

const GraphiQLExplorer = lazy(() => import('./explorer/GraphiQLExplorer'));

/** The GraphQL explorer (GraphiQL), signed in as the app is; GraphiQL loads only when this page is opened. */
export function ExplorerPage() {
  return (
    <section aria-labelledby="page-title" className="explorer">
      <h1 id="page-title">GraphQL explorer</h1>
      <Suspense fallback={<Loading what="Loading the explorer" />}>
        <GraphiQLExplorer />
      </Suspense>
    </section>
  );
}
