import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { buildSchema } from 'graphql';
import { useMemo } from 'react';
import { useLocation } from 'react-router-dom';
import { readToken } from '../../auth/tokenStorage';
import { createExplorerFetcher, initialOperation } from './explorerRequest';
// The schema the app's operations are typed from, built into the same binary as the API (web/README.md, Build).
import schemaText from '../../../../docs/schema.graphql?raw';

/**
 * GraphiQL would otherwise ask the API for the schema with its introspection query, which nests type references
 * deeper than the API allows any document (GraphQL:MaxDepth, README "Limits") and is refused.
 */
const schema = buildSchema(schemaText);

/**
 * GraphiQL over the app's API. The only module importing graphiql (with CodeMirror and its styles), loaded on demand
 * by ExplorerPage's React.lazy so the other pages never download it.
 */
export default function GraphiQLExplorer() {
  const { search } = useLocation();
  const fetcher = useMemo(() => createExplorerFetcher(readToken), []);
  const initial = useMemo(() => initialOperation(search), [search]);
  return (
    <GraphiQL
      fetcher={fetcher}
      schema={schema}
      defaultQuery={initial.query}
      query={search.includes('query=') ? initial.query : undefined}
      variables={initial.variables}
      // The token is the tab's sign-in, added by the fetcher: a headers editor could only send a second, different one.
      isHeadersEditorEnabled={false}
      // Tabs and history stay with the browser tab, like the token: nothing of one person's queries outlives it.
      storage={sessionStorage}
    />
  );
}
