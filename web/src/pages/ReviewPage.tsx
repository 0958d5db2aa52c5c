import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { RequireRole } from '../components/RequireRole';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { graphql } from '../gql';
import { describeFailure } from '../graphql/errors';
import type { PreventionVerdict, ReviewPageQuery } from '../gql/graphql';
import { answerText, words } from '../format';

const CANDIDATES = 20;
const SIMILAR = 10;

const ReviewPageData = graphql(`
  query ReviewPage($id: ID!, $candidates: Int!, $similar: Int!) {
    incident(id: $id) {
      id
      title
      date
      openTaskQueueAnswer {
        question
        derivedAnswer
        writtenAnswer {
          answer
          note
        }
        verdicts
        disagreement
      }
      preventionVerdicts {
        id
        verdict
        note
        reviewer
        decidedAt
        item {
          id
        }
      }
    }
    preventionCandidates(incidentId: $id, first: $candidates) {
      score
      matchedTerms
      item {
        id
        title
        status
        incident {
          id
          title
        }
      }
    }
    similarIncidents(incidentId: $id, first: $similar) {
      score
      matchedTerms
      incident {
        id
        title
        date
      }
    }
  }
`);

const RecordVerdict = graphql(`
  mutation RecordPreventionVerdict($incidentId: ID!, $itemId: ID!, $verdict: PreventionVerdict!, $note: String) {
    recordPreventionVerdict(incidentId: $incidentId, itemId: $itemId, verdict: $verdict, note: $note) {
      review {
        id
        incident {
          id
        }
        verdict
        note
        reviewer
        decidedAt
      }
      errors {
        code
        message
      }
    }
  }
`);

type Verdict = ReviewPageQuery['incident'] extends infer I ? (I extends { preventionVerdicts: (infer V)[] } ? V : never) : never;

const VERDICTS: readonly { value: PreventionVerdict; label: string }[] = [
  { value: 'WOULD_HAVE_PREVENTED', label: 'Would have prevented' },
  { value: 'WOULD_HAVE_MITIGATED', label: 'Would have mitigated' },
  { value: 'NOT_RELATED', label: 'Not related' },
];

function verdictLabel(verdict: PreventionVerdict): string {
  return VERDICTS.find((v) => v.value === verdict)?.label.toLowerCase() ?? verdict;
}

/** Prevention review of one incident: which open items of other incidents would have prevented it. */
export function ReviewPage() {
  const { id = '' } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: ReviewPageData, variables: { id, candidates: CANDIDATES, similar: SIMILAR } });
  if (error && !data?.incident) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">Prevention review</h1>
        <ErrorNotice error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </section>
    );
  }
  if (!data?.incident) return <Loading what="Loading the review" />;
  const incident = data.incident;
  const queue = incident.openTaskQueueAnswer;
  const verdictByItem = new Map(incident.preventionVerdicts.map((v) => [v.item.id, v]));
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link to={`/incidents/${incident.id}`}>← {incident.title}</Link>
      </p>
      <h1 id="page-title">Prevention review: {incident.title}</h1>

      <h2 id="queue">Open task queue</h2>
      <table aria-labelledby="queue">
        <thead>
          <tr>
            <th>Question</th>
            <th>Authors' answer</th>
            <th>From the verdicts</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{queue.question}</td>
            <td>
              {answerText(queue.writtenAnswer?.answer)}
              {queue.writtenAnswer?.note ? <div className="muted">{queue.writtenAnswer.note}</div> : null}
            </td>
            <td className={queue.disagreement ? 'disagree' : undefined}>
              {queue.verdicts === 0 ? 'no verdicts yet' : `${answerText(queue.derivedAnswer)} (${queue.verdicts} verdict${queue.verdicts === 1 ? '' : 's'})`}
              {queue.disagreement ? ' (differs from the authors)' : ''}
            </td>
          </tr>
        </tbody>
      </table>

      <h2 id="candidates">Prevention candidates</h2>
      <p className="muted">Items of other incidents that were open when this one started, most relevant first.</p>
      {data.preventionCandidates.length === 0 ? (
        <Empty>No item of another incident was open when this incident started.</Empty>
      ) : (
        <table aria-labelledby="candidates">
          <thead>
            <tr>
              <th>Item</th>
              <th>Score</th>
              <th>Matched terms</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {data.preventionCandidates.map((c) => (
              <tr key={c.item.id}>
                <td>
                  <Link to={`/items/${c.item.id}`}>{c.item.title}</Link>
                  <div className="muted">
                    {words(c.item.status)} · <Link to={`/incidents/${c.item.incident.id}`}>{c.item.incident.title}</Link>
                  </div>
                </td>
                <td>{c.score.toFixed(2)}</td>
                <td>{c.matchedTerms.map((t) => <span key={t} className="tag">{t}</span>)}</td>
                <td>
                  <VerdictCell incidentId={incident.id} item={c.item} current={verdictByItem.get(c.item.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="similar">Similar incidents</h2>
      {data.similarIncidents.length === 0 ? (
        <Empty>No other incident reads like this one.</Empty>
      ) : (
        <table aria-labelledby="similar">
          <thead>
            <tr>
              <th>Incident</th>
              <th>Date</th>
              <th>Score</th>
              <th>Shared terms</th>
            </tr>
          </thead>
          <tbody>
            {data.similarIncidents.map((s) => (
              <tr key={s.incident.id}>
                <td>
                  <Link to={`/incidents/${s.incident.id}`}>{s.incident.title}</Link>
                </td>
                <td>{s.incident.date ?? '—'}</td>
                <td>{s.score.toFixed(2)}</td>
                <td>{s.matchedTerms.map((t) => <span key={t} className="tag">{t}</span>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VerdictCell({ incidentId, item, current }: { incidentId: string; item: { id: string; title: string }; current: Verdict | undefined }) {
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, record] = useMutation(RecordVerdict);
  const decide = async (verdict: PreventionVerdict) => {
    setFailure(null);
    const result = await record({ incidentId, itemId: item.id, verdict, note: note.trim() || null });
    const errors = result.data?.recordPreventionVerdict.errors ?? [];
    if (result.error || errors.length > 0) {
      setFailure(describeFailure(result.error, errors));
      return;
    }
    setNote('');
  };
  return (
    <div role="group" aria-label={`Verdict on ${item.title}`}>
      {current ? (
        <p>
          <strong>{verdictLabel(current.verdict)}</strong> <span className="muted">by {current.reviewer}</span>
          {current.note ? <span className="muted"> — {current.note}</span> : null}
        </p>
      ) : (
        <p className="muted">no verdict</p>
      )}
      <RequireRole role="TRIAGER">
        <label>
          Note
          <input value={note} placeholder="optional" onChange={(e) => setNote(e.target.value)} />
        </label>{' '}
        {VERDICTS.map((v) => (
          <button key={v.value} type="button" disabled={fetching} aria-pressed={current?.verdict === v.value} onClick={() => void decide(v.value)}>
            {v.label}
          </button>
        ))}
        {failure && <ErrorNotice error={failure} />}
      </RequireRole>
    </div>
  );
}
