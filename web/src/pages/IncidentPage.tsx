import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { Pager } from '../components/Pager';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { graphql } from '../gql';
import { answerText, when, words } from '../format';

const ITEMS_PAGE = 50;

const IncidentDetail = graphql(`
  query IncidentDetail($id: ID!, $first: Int, $after: String) {
    incident(id: $id) {
      id
      slug
      title
      source
      format
      documentVersion
      date
      startedAt
      endedAt
      detectedAt
      summary
      impact
      taskRef
      peoplePaged
      responderCount
      coordinators
      documentStatus
      totalItems
      openItems
      unassignedItems
      overdueItems
      timeline {
        ordinal
        at
        timeText
        text
        marker
      }
      scorecard {
        ordinal
        category
        question
        answer
        note
      }
      scorecardChecks {
        question
        derivedAnswer
        writtenAnswer {
          answer
          note
        }
        basis
        disagreement
      }
      actionItems(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        items {
          id
          ordinal
          title
          status
          priority
          team
          owner {
            displayName
          }
          links {
            id
            remoteId
            remoteUrl
            state
          }
        }
      }
    }
  }
`);

/** One incident: metadata, source link, its actionables, scorecard (authors' answers beside derived ones), timeline. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, error }, refetch] = useQuery({
    query: IncidentDetail,
    variables: { id, first: ITEMS_PAGE, after: cursors[cursors.length - 1] ?? null },
  });
  if (error && !data?.incident) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">Incident {id}</h1>
        <ErrorNotice error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </section>
    );
  }
  if (!data?.incident) return <Loading what="Loading the incident" />;
  const incident = data.incident;
  const items = (incident.actionItems.items ?? []).flatMap((i) => (i ? [i] : []));
  const source = incident.source && /^https?:\/\//.test(incident.source) ? incident.source : null;
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link to="/incidents">← Incidents</Link>
      </p>
      <h1 id="page-title">{incident.title}</h1>
      <p>
        <Link to={`/incidents/${incident.id}/review`}>Prevention review</Link>
      </p>

      <h2 id="metadata">Metadata</h2>
      <dl className="meta" aria-labelledby="metadata">
        <dt>Slug</dt>
        <dd>{incident.slug}</dd>
        <dt>Date</dt>
        <dd>{incident.date ?? '—'}</dd>
        <dt>Started / detected / ended</dt>
        <dd>
          {when(incident.startedAt)} / {when(incident.detectedAt)} / {when(incident.endedAt)}
        </dd>
        <dt>Document</dt>
        <dd>
          {words(incident.documentStatus)}, {words(incident.format)}
          {incident.documentVersion ? `, version ${incident.documentVersion}` : ''}
        </dd>
        <dt>Source</dt>
        <dd>{source ? <a href={source}>{source}</a> : incident.source ?? '—'}</dd>
        <dt>Task</dt>
        <dd>{incident.taskRef ?? '—'}</dd>
        <dt>Coordinators</dt>
        <dd>{incident.coordinators.length > 0 ? incident.coordinators.join(', ') : '—'}</dd>
        <dt>People paged / responders</dt>
        <dd>
          {incident.peoplePaged ?? '—'} / {incident.responderCount ?? '—'}
        </dd>
        <dt>Items</dt>
        <dd>
          {incident.totalItems} total, {incident.openItems} open, {incident.unassignedItems} unassigned, {incident.overdueItems} overdue
        </dd>
        {incident.impact && (
          <>
            <dt>Impact</dt>
            <dd>{incident.impact}</dd>
          </>
        )}
        {incident.summary && (
          <>
            <dt>Summary</dt>
            <dd>{incident.summary}</dd>
          </>
        )}
      </dl>

      <h2 id="actionables">Actionables</h2>
      {items.length === 0 ? (
        <Empty>This postmortem lists no actionables.</Empty>
      ) : (
        <>
          <table aria-labelledby="actionables">
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th>Status</th>
                <th>Owner</th>
                <th>Team</th>
                <th>Priority</th>
                <th>Tracker</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.ordinal}</td>
                  <td>
                    <Link to={`/items/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{words(item.status)}</td>
                  <td>{item.owner?.displayName ?? <span className="muted">unassigned</span>}</td>
                  <td>{item.team ?? '—'}</td>
                  <td>{item.priority.toLowerCase()}</td>
                  <td>
                    {item.links.length === 0
                      ? '—'
                      : item.links.map((l) => (
                          <div key={l.id}>
                            {l.remoteUrl ? <a href={l.remoteUrl}>{l.remoteId}</a> : l.remoteId}{' '}
                            <span className="muted">{words(l.state)}</span>
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {(incident.actionItems.pageInfo.hasNextPage || cursors.length > 1) && (
            <Pager
              label="Actionables"
              hasPrevious={cursors.length > 1}
              hasNext={incident.actionItems.pageInfo.hasNextPage}
              onPrevious={() => setCursors((c) => c.slice(0, -1))}
              onNext={() => setCursors((c) => [...c, incident.actionItems.pageInfo.endCursor ?? null])}
            />
          )}
        </>
      )}

      <h2 id="scorecard">Scorecard</h2>
      {incident.scorecardChecks.length > 0 && (
        <table aria-label="Scorecard checks">
          <thead>
            <tr>
              <th>Question</th>
              <th>Authors' answer</th>
              <th>From the data</th>
              <th>Based on</th>
            </tr>
          </thead>
          <tbody>
            {incident.scorecardChecks.map((check) => (
              <tr key={check.question}>
                <td>{check.question}</td>
                <td>
                  {answerText(check.writtenAnswer?.answer)}
                  {check.writtenAnswer?.note ? <div className="muted">{check.writtenAnswer.note}</div> : null}
                </td>
                <td className={check.disagreement ? 'disagree' : undefined}>
                  {answerText(check.derivedAnswer)}
                  {check.disagreement ? ' (differs from the authors)' : ''}
                </td>
                <td className="muted">{check.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {incident.scorecard.length === 0 ? (
        <Empty>The postmortem has no scorecard.</Empty>
      ) : (
        <table aria-label="Scorecard answers">
          <thead>
            <tr>
              <th>Category</th>
              <th>Question</th>
              <th>Answer</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {incident.scorecard.map((answer) => (
              <tr key={answer.ordinal}>
                <td>{answer.category.toLowerCase()}</td>
                <td>{answer.question}</td>
                <td>{answerText(answer.answer)}</td>
                <td>{answer.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="timeline">Timeline</h2>
      {incident.timeline.length === 0 ? (
        <Empty>The postmortem has no timeline.</Empty>
      ) : (
        <ol aria-labelledby="timeline" className="timeline">
          {incident.timeline.map((entry) => (
            <li key={entry.ordinal}>
              <span className="muted">{entry.at ? when(entry.at) : entry.timeText ?? ''}</span>{' '}
              {entry.marker !== 'NONE' && <strong>{entry.marker === 'OUTAGE_BEGINS' ? 'Outage begins: ' : 'Outage ends: '}</strong>}
              {entry.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
