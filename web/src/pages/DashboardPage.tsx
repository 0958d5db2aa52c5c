import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { graphql } from '../gql';
import { ChartPanel } from './dashboard/ChartPanel';
import {
  ageBuckets,
  formatDuration,
  openByTeam,
  openedVersusClosed,
  openOverTime,
  resolveTimeByTeam,
  trendRange,
} from './dashboard/dashboardData';

const DashboardData = graphql(`
  query DashboardData($from: DateTime!, $to: DateTime!) {
    openItemsOverTime(interval: WEEK, from: $from, to: $to) {
      start
      open
      opened
      closed
    }
    openItemAgeBuckets {
      label
      count
    }
    actionItemStats(groupBy: TEAM) {
      key
      label
      openCount
    }
    timeToResolve {
      count
      medianHours
      p90Hours
    }
    timeToResolveByGroup(groupBy: TEAM) {
      key
      label
      medianHours
      p90Hours
    }
    policyViolations(first: 100) {
      rule
      since
      message
      item {
        id
        title
        team
        owner {
          displayName
        }
      }
    }
  }
`);

const RANGES = [4, 13, 26, 52] as const;

/** Charts of the open work (trend, age, teams, time to resolve) and the items that break a policy rule. */
export function DashboardPage() {
  const [weeks, setWeeks] = useState<number>(13);
  // The range is fixed per day (trendRange), and "Refresh" asks the API again without waiting for a new day.
  const variables = useMemo(() => trendRange(new Date(), weeks), [weeks]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: DashboardData, variables });
  const refresh = () => refetch({ requestPolicy: 'network-only' });

  const charts = useMemo(
    () =>
      data && {
        open: openOverTime(data.openItemsOverTime),
        openedClosed: openedVersusClosed(data.openItemsOverTime),
        age: ageBuckets(data.openItemAgeBuckets),
        team: openByTeam(data.actionItemStats),
        resolve: resolveTimeByTeam(data.timeToResolveByGroup),
      },
    [data],
  );

  const header = (
    <>
      <h1 id="page-title">Dashboard</h1>
      <div className="toolbar">
        <label>
          Range
          <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            {RANGES.map((w) => (
              <option key={w} value={w}>
                last {w} weeks
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={refresh} disabled={fetching}>
          Refresh
        </button>
      </div>
    </>
  );

  if (error && !data) {
    return (
      <section aria-labelledby="page-title">
        {header}
        <ErrorNotice error={error} retry={refresh} />
      </section>
    );
  }
  if (!data || !charts) {
    return (
      <section aria-labelledby="page-title">
        {header}
        <Loading what="Loading the dashboard" />
      </section>
    );
  }

  const latest = data.openItemsOverTime[data.openItemsOverTime.length - 1];
  const violations = data.policyViolations;
  return (
    <section aria-labelledby="page-title">
      {header}
      <dl className="figures" aria-label="Summary">
        <div>
          <dt>Open items</dt>
          <dd>{latest?.open ?? 0}</dd>
        </div>
        <div>
          <dt>Opened this week</dt>
          <dd>{latest?.opened ?? 0}</dd>
        </div>
        <div>
          <dt>Closed this week</dt>
          <dd>{latest?.closed ?? 0}</dd>
        </div>
        <div>
          <dt>Median time to resolve</dt>
          <dd>{formatDuration(data.timeToResolve.medianHours)}</dd>
        </div>
        <div>
          <dt>90th percentile</dt>
          <dd>{formatDuration(data.timeToResolve.p90Hours)}</dd>
        </div>
        <div>
          <dt>Policy violations</dt>
          <dd>{violations.length >= 100 ? '100+' : violations.length}</dd>
        </div>
      </dl>

      <div className="chart-grid">
        <ChartPanel title="Open items over time" data={charts.open} emptyText="No items were open in this range." />
        <ChartPanel title="Opened vs closed per week" data={charts.openedClosed} emptyText="No item was opened or closed in this range." />
        <ChartPanel title="Open items by age" data={charts.age} emptyText="No open items." />
        <ChartPanel title="Open items by team" data={charts.team} emptyText="No open items." />
        <ChartPanel
          title="Time to resolve by team"
          data={charts.resolve}
          emptyText="No item has been resolved yet, so there is no time to resolve."
        />
      </div>

      <h2 id="violations-title">Policy violations</h2>
      {violations.length === 0 ? (
        <Empty>No open item breaks a policy rule.</Empty>
      ) : (
        <table aria-labelledby="violations-title">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Rule</th>
              <th scope="col">Since</th>
              <th scope="col">Team</th>
              <th scope="col">Owner</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {violations.map((v) => (
              <tr key={`${v.item.id}-${v.rule}`}>
                <td>
                  <Link to={`/items/${v.item.id}`}>{v.item.title}</Link>
                </td>
                <td>{v.rule}</td>
                <td>{v.since.slice(0, 10)}</td>
                <td>{v.item.team ?? '—'}</td>
                <td>{v.item.owner?.displayName ?? '—'}</td>
                <td>{v.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {violations.length >= 100 && <p className="muted">The 100 oldest violations are shown.</p>}
    </section>
  );
}
