import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Pager } from '../components/Pager';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { graphql } from '../gql';
import { words } from '../format';

const PAGE_SIZE = 50;

const IncidentList = graphql(`
  query IncidentList($filter: IncidentFilter, $first: Int, $after: String) {
    incidents(filter: $filter, orderBy: DATE_DESC, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      items {
        id
        slug
        title
        date
        documentStatus
        totalItems
        openItems
        unassignedItems
      }
    }
  }
`);

/** Incidents, newest first, with their item counts (open, unassigned, done); search by slug, title or summary. */
export function IncidentsPage() {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // Search as one types, but ask the API only once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setCursors([null]);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: IncidentList,
    variables: { filter: search ? { search } : null, first: PAGE_SIZE, after: cursors[cursors.length - 1] ?? null },
  });
  const incidents = (data?.incidents.items ?? []).flatMap((i) => (i ? [i] : []));
  const total = data?.incidents.totalCount ?? 0;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Incidents</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search incidents
          <input type="search" value={typed} placeholder="slug, title or summary" onChange={(e) => setTyped(e.target.value)} />
        </label>
      </form>
      {error && !data ? (
        <ErrorNotice error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Loading what="Loading incidents" />
      ) : incidents.length === 0 ? (
        <Empty>{search ? `No incident matches “${search}”.` : 'No incidents yet: import a postmortem.'}</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {total} incident{total === 1 ? '' : 's'}
            {fetching ? ' (refreshing…)' : ''}
          </p>
          <table aria-label="Incidents">
            <thead>
              <tr>
                <th>Date</th>
                <th>Incident</th>
                <th>Document</th>
                <th>Open</th>
                <th>Unassigned</th>
                <th title="resolved, declined, invalid or duplicate">Closed</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => (
                <tr key={i.id}>
                  <td>{i.date ?? <span className="muted">—</span>}</td>
                  <td>
                    <Link to={`/incidents/${i.id}`}>{i.title}</Link> <span className="muted">{i.slug}</span>
                  </td>
                  <td>{words(i.documentStatus)}</td>
                  <td>{i.openItems}</td>
                  <td>{i.unassignedItems}</td>
                  <td>{i.totalItems - i.openItems}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            label="Incidents"
            hasPrevious={cursors.length > 1}
            hasNext={data.incidents.pageInfo.hasNextPage}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            onNext={() => setCursors((c) => [...c, data.incidents.pageInfo.endCursor ?? null])}
            summary={`page ${cursors.length} of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`}
          />
        </>
      )}
    </section>
  );
}
