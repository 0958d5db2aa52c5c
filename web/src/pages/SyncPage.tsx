import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { graphql } from '../gql';
import type { SyncPageQuery } from '../gql/graphql';
import { targetHealth } from './sync/targetHealth';
import { when, words } from '../format';

const SyncPageData = graphql(`
  query SyncPage {
    syncTargets {
      id
      name
      kind
      baseUrl
      configured
      pushPolicy
      pollIntervalSeconds
      lastPollAt
      lastSuccessfulPollAt
      lastError
      haltedAt
      rateLimitedUntil
      rateLimitWaitSeconds
      callsLastHour
      linkCounts {
        state
        count
      }
    }
    conflicts {
      id
      field
      localValue
      remoteValue
      winner
      createdAt
      link {
        id
        remoteId
        remoteUrl
        syncTarget {
          name
        }
        actionItem {
          id
          title
        }
      }
    }
  }
`);

type Target = SyncPageQuery['syncTargets'][number];

/** Sync state across trackers: each target's health, polling, errors and rate-limit budget, and the conflict queue. */
export function SyncPage() {
  const [{ data, error }, refetch] = useQuery({ query: SyncPageData });
  const retry = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">Sync</h1>
        <ErrorNotice error={error} retry={retry} />
      </section>
    );
  }
  if (!data) return <Loading what="Loading the sync state" />;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Sync</h1>
      <div className="toolbar">
        <button type="button" onClick={retry}>
          Refresh
        </button>
      </div>

      <h2 id="targets">Targets</h2>
      {data.syncTargets.length === 0 ? (
        <Empty>No tracker is configured (README, “Sync with Phabricator / Phorge”), and no import has named one.</Empty>
      ) : (
        <table aria-labelledby="targets">
          <thead>
            <tr>
              <th>Target</th>
              <th>Health</th>
              <th>Last poll</th>
              <th>Last error</th>
              <th>Rate limit</th>
              <th>Links by state</th>
            </tr>
          </thead>
          <tbody>
            {data.syncTargets.map((t) => (
              <TargetRow key={t.id} target={t} />
            ))}
          </tbody>
        </table>
      )}

      <h2 id="conflict-queue">Conflict queue</h2>
      {data.conflicts.length === 0 ? (
        <Empty>No open sync conflicts.</Empty>
      ) : (
        <table aria-labelledby="conflict-queue">
          <thead>
            <tr>
              <th>Item</th>
              <th>Tracker</th>
              <th>Field</th>
              <th>Here</th>
              <th>In the tracker</th>
              <th>Applied now</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {data.conflicts.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/items/${c.link.actionItem.id}`}>{c.link.actionItem.title}</Link>
                </td>
                <td>
                  {c.link.syncTarget.name}{' '}
                  {c.link.remoteUrl ? <a href={c.link.remoteUrl}>{c.link.remoteId}</a> : c.link.remoteId}
                </td>
                <td>{c.field}</td>
                <td>{c.localValue ?? '—'}</td>
                <td>{c.remoteValue ?? '—'}</td>
                <td>{c.winner === 'LOCAL' ? 'local' : 'remote'}</td>
                <td>{when(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TargetRow({ target }: { target: Target }) {
  const health = targetHealth(target, new Date());
  const counts = target.linkCounts.filter((c) => c.count > 0);
  return (
    <tr>
      <td>
        <strong>{target.name}</strong> <span className="muted">{words(target.kind)}</span>
        <div className="muted">
          <a href={target.baseUrl}>{target.baseUrl}</a>
        </div>
        <div className="muted">
          push {words(target.pushPolicy)}, poll every {target.pollIntervalSeconds} s
        </div>
      </td>
      <td className={health.level === 'ok' ? undefined : 'disagree'}>{health.text}</td>
      <td>
        {when(target.lastPollAt)}
        <div className="muted">last successful {when(target.lastSuccessfulPollAt)}</div>
      </td>
      <td>{target.lastError ?? '—'}</td>
      <td>
        {target.callsLastHour} call{target.callsLastHour === 1 ? '' : 's'} in the last hour
        {target.rateLimitWaitSeconds > 0 && <div className="disagree">waiting {target.rateLimitWaitSeconds} s for the limit to reset</div>}
      </td>
      <td>
        {counts.length === 0
          ? 'no links'
          : counts.map((c) => (
              <div key={c.state}>
                {words(c.state)}: {c.count}
              </div>
            ))}
      </td>
    </tr>
  );
}
