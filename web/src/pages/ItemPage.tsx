import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useClient, useMutation, useQuery } from 'urql';
import { AssignFields, resolveOwner } from '../components/AssignFields';
import { RequireRole } from '../components/RequireRole';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { graphql } from '../gql';
import { describeFailure } from '../graphql/errors';
import type { ActionItemStatus, ConflictKeep, ItemDetailQuery, MutationErrorCode } from '../gql/graphql';
import { changesFrom, followsLatest, formValuesOf, type EditableItem, type ItemFormValues } from './item/itemForm';
import { when, words } from '../format';

const STATUSES: readonly ActionItemStatus[] = ['OPEN', 'IN_PROGRESS', 'STALLED', 'RESOLVED', 'DECLINED', 'INVALID', 'DUPLICATE'];

const ItemDetail = graphql(`
  query ItemDetail($id: ID!) {
    actionItem(id: $id) {
      id
      version
      title
      description
      status
      priority
      team
      dueDate
      tags
      needsReview
      sourceSection
      createdAt
      updatedAt
      archivedAt
      owner {
        id
        displayName
      }
      incident {
        id
        title
      }
      links {
        id
        remoteId
        remoteUrl
        state
        lastError
        lastSyncedAt
        pendingSince
        syncTarget {
          name
        }
      }
      history {
        id
        field
        oldValue
        newValue
        oldOwner {
          displayName
        }
        newOwner {
          displayName
        }
        oldTags
        newTags
        at
        actor
        origin
      }
      conflicts {
        id
        field
        localValue
        remoteValue
        localChangedAt
        remoteChangedAt
        winner
        link {
          id
          remoteId
          syncTarget {
            name
          }
        }
      }
    }
  }
`);

const ItemUpdate = graphql(`
  mutation ItemUpdate($input: UpdateActionItemInput!) {
    updateActionItem(input: $input) {
      actionItem {
        id
        version
        title
        description
        status
        priority
        team
        dueDate
        tags
        owner {
          id
          displayName
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const ResolveConflict = graphql(`
  mutation ItemResolveConflict($linkId: ID!, $field: String!, $keep: ConflictKeep!) {
    resolveConflict(linkId: $linkId, field: $field, keep: $keep) {
      link {
        id
        state
      }
      actionItem {
        id
        version
      }
      errors {
        code
        message
      }
    }
  }
`);

type Item = NonNullable<ItemDetailQuery['actionItem']>;
type Base = { item: EditableItem; version: number };

/** One action item: every field editable (with its version), history, tracker links and open sync conflicts. */
export function ItemPage() {
  const { id = '' } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: ItemDetail, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data?.actionItem) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">Item {id}</h1>
        <ErrorNotice error={error} retry={reload} />
      </section>
    );
  }
  if (!data?.actionItem) return <Loading what="Loading the item" />;
  const item = data.actionItem;
  return (
    <section aria-labelledby="page-title">
      <p>
        <Link to={`/incidents/${item.incident.id}`}>← {item.incident.title}</Link>
      </p>
      <h1 id="page-title">{item.title}</h1>
      <p className="muted">
        version {item.version} · created {when(item.createdAt)} · updated {when(item.updatedAt)}
        {item.sourceSection ? ` · from section “${item.sourceSection}”` : ''}
        {item.needsReview ? ' · extraction needs review' : ''}
        {item.archivedAt ? ` · archived ${when(item.archivedAt)}` : ''}
      </p>

      <h2 id="fields">Fields</h2>
      <RequireRole role="TRIAGER" fallback={<ReadOnlyFields item={item} />}>
        {/* Keyed by id only: a refetch must not throw away what someone is typing (the form keeps its own base). */}
        <ItemEditor key={item.id} latest={item} onReload={reload} />
      </RequireRole>

      <Conflicts item={item} />
      <Links item={item} />
      <History item={item} />
    </section>
  );
}

function ReadOnlyFields({ item }: { item: Item }) {
  return (
    <dl className="meta" aria-labelledby="fields">
      <dt>Status</dt>
      <dd>{words(item.status)}</dd>
      <dt>Owner</dt>
      <dd>{item.owner?.displayName ?? 'unassigned'}</dd>
      <dt>Team</dt>
      <dd>{item.team ?? '—'}</dd>
      <dt>Priority</dt>
      <dd>{words(item.priority)}</dd>
      <dt>Due</dt>
      <dd>{item.dueDate ?? '—'}</dd>
      <dt>Tags</dt>
      <dd>{item.tags.length > 0 ? item.tags.join(', ') : '—'}</dd>
      <dt>Description</dt>
      <dd>{item.description ?? '—'}</dd>
    </dl>
  );
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string };

function ItemEditor({ latest, onReload }: { latest: Item; onReload: () => void }) {
  const client = useClient();
  const [base, setBase] = useState<Base>({ item: latest, version: latest.version });
  const [values, setValues] = useState<ItemFormValues>(() => formValuesOf(latest));
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [, update] = useMutation(ItemUpdate);
  const set = (patch: Partial<ItemFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    if (state.kind === 'saved') setState({ kind: 'idle' });
  };

  useEffect(() => {
    // A newer stored item (a sync, a resolved conflict, another tab): shown at once unless someone is typing.
    if (latest.version !== base.version && state.kind !== 'saving' && followsLatest(base.item, values)) {
      setBase({ item: latest, version: latest.version });
      setValues(formValuesOf(latest));
    }
  }, [latest, base, values, state.kind]);

  const takeLatest = () => {
    // The stored item as it is now: the form starts over from it, with its version.
    setBase({ item: latest, version: latest.version });
    setValues(formValuesOf(latest));
    setState({ kind: 'idle' });
    onReload();
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = changesFrom(base.item, values);
    if (!outcome.ok) {
      setState({ kind: 'error', message: outcome.message });
      return;
    }
    if (!outcome.changed) {
      setState({ kind: 'error', message: 'Nothing changed.' });
      return;
    }
    setState({ kind: 'saving' });
    let ownerId: string | null | undefined;
    if (outcome.owner.kind === 'clear') ownerId = null;
    if (outcome.owner.kind === 'set') {
      const owner = await resolveOwner(client, outcome.owner.name);
      if ('error' in owner) {
        setState({ kind: 'error', message: owner.error });
        return;
      }
      ownerId = owner.id;
    }
    const input = { id: latest.id, version: base.version, ...outcome.changes, ...(ownerId !== undefined ? { ownerId } : {}) };
    const result = await update({ input });
    if (result.error) {
      setState({ kind: 'error', message: describeFailure(result.error) });
      return;
    }
    const payload = result.data?.updateActionItem;
    const errors: { code: MutationErrorCode; message: string }[] = payload?.errors ?? [];
    if (errors.some((e) => e.code === 'CONFLICT')) {
      setState({
        kind: 'conflict',
        message: 'Someone changed this item after you opened it, so nothing was saved. Reload it to see their change, then edit again.',
      });
      return;
    }
    if (errors.length > 0 || !payload?.actionItem) {
      setState({ kind: 'error', message: describeFailure(undefined, errors, 'The item was not saved.') });
      return;
    }
    setBase({ item: payload.actionItem, version: payload.actionItem.version });
    setValues(formValuesOf(payload.actionItem));
    setState({ kind: 'saved' });
  };

  return (
    <form aria-label="Edit item" className="item-form" onSubmit={(e) => void save(e)}>
      <label>
        Title
        <input value={values.title} required onChange={(e) => set({ title: e.target.value })} />
      </label>
      <label>
        Description
        <textarea rows={4} value={values.description} onChange={(e) => set({ description: e.target.value })} />
      </label>
      <div className="toolbar">
        <label>
          Status
          <select value={values.status} onChange={(e) => set({ status: e.target.value as ActionItemStatus })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </label>
        <AssignFields
          idPrefix="item"
          values={{ ownerName: values.ownerName, team: values.team, priority: values.priority }}
          onChange={(v) => set({ ownerName: v.ownerName, team: v.team, priority: v.priority || base.item.priority })}
        />
        <label>
          Due date
          <input type="date" value={values.dueDate} onChange={(e) => set({ dueDate: e.target.value })} />
        </label>
        <label>
          Tags
          <input value={values.tags} placeholder="comma-separated" onChange={(e) => set({ tags: e.target.value })} />
        </label>
      </div>
      <div className="toolbar">
        <button type="submit" disabled={state.kind === 'saving'}>
          {state.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
        {base.version !== latest.version && state.kind !== 'conflict' && (
          <span className="muted">The stored item has changed since you opened it (version {latest.version}).</span>
        )}
      </div>
      {state.kind === 'saved' && (
        <p role="status" className="notice">
          Saved (version {base.version}).
        </p>
      )}
      {state.kind === 'error' && <ErrorNotice error={state.message} />}
      {state.kind === 'conflict' && (
        <div role="alert" className="state state-error">
          <p>{state.message}</p>
          <button type="button" onClick={takeLatest}>
            Reload the item
          </button>
        </div>
      )}
    </form>
  );
}

function Conflicts({ item }: { item: Item }) {
  const [{ fetching }, resolve] = useMutation(ResolveConflict);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const keep = async (linkId: string, field: string, side: ConflictKeep) => {
    setMessage(null);
    const result = await resolve({ linkId, field, keep: side });
    const errors = result.data?.resolveConflict.errors ?? [];
    if (result.error || errors.length > 0) {
      setMessage({ error: true, text: describeFailure(result.error, errors) });
      return;
    }
    setMessage({ error: false, text: `Kept the ${side === 'LOCAL' ? 'local' : 'remote'} ${field} on both sides.` });
  };
  if (item.conflicts.length === 0 && !message) return null;
  return (
    <>
      <h2 id="conflicts">Open sync conflicts</h2>
      {message && (message.error ? <ErrorNotice error={message.text} /> : <p role="status" className="notice">{message.text}</p>)}
      {item.conflicts.length === 0 ? (
        <Empty>No open conflicts.</Empty>
      ) : (
        <table aria-labelledby="conflicts">
          <thead>
            <tr>
              <th>Tracker</th>
              <th>Field</th>
              <th>Here</th>
              <th>In the tracker</th>
              <th>Applied now</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {item.conflicts.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.link.syncTarget.name} {c.link.remoteId ?? ''}
                </td>
                <td>{c.field}</td>
                <td>
                  {c.localValue ?? '—'} <div className="muted">{when(c.localChangedAt)}</div>
                </td>
                <td>
                  {c.remoteValue ?? '—'} <div className="muted">{when(c.remoteChangedAt)}</div>
                </td>
                <td>{c.winner === 'LOCAL' ? 'local' : 'remote'}</td>
                <td>
                  <RequireRole role="TRIAGER">
                    <button type="button" disabled={fetching} onClick={() => void keep(c.link.id, c.field, 'LOCAL')}>
                      Keep local
                    </button>{' '}
                    <button type="button" disabled={fetching} onClick={() => void keep(c.link.id, c.field, 'REMOTE')}>
                      Keep remote
                    </button>
                  </RequireRole>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Links({ item }: { item: Item }) {
  return (
    <>
      <h2 id="links">Tracker links</h2>
      {item.links.length === 0 ? (
        <Empty>Not linked to any tracker.</Empty>
      ) : (
        <table aria-labelledby="links">
          <thead>
            <tr>
              <th>Tracker</th>
              <th>Task</th>
              <th>State</th>
              <th>Last sync</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {item.links.map((l) => (
              <tr key={l.id}>
                <td>{l.syncTarget.name}</td>
                <td>{l.remoteId ? l.remoteUrl ? <a href={l.remoteUrl}>{l.remoteId}</a> : l.remoteId : <span className="muted">being created since {when(l.pendingSince)}</span>}</td>
                <td>{words(l.state)}</td>
                <td>{l.lastSyncedAt ? when(l.lastSyncedAt) : <span className="muted">never</span>}</td>
                <td className={l.lastError ? 'disagree' : undefined}>{l.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A history value in the API's words; owners by name (the API gives the person beside the id). */
function historyValue(value: string | null | undefined, person: { displayName: string } | null | undefined, field: string) {
  if (field === 'owner') return person?.displayName ?? (value ? value : 'unassigned');
  return value ?? '—';
}

function History({ item }: { item: Item }) {
  // Newest first: the latest change is what someone opening the page wants to see.
  const entries = [...item.history].reverse();
  return (
    <>
      <h2 id="history">History</h2>
      {entries.length === 0 ? (
        <Empty>No changes recorded.</Empty>
      ) : (
        <table aria-labelledby="history">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Origin</th>
              <th>Field</th>
              <th>From</th>
              <th>To</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((h) => (
              <tr key={h.id}>
                <td>{when(h.at)}</td>
                <td>{h.actor}</td>
                <td>{words(h.origin)}</td>
                <td>{h.field}</td>
                <td>{historyValue(h.oldValue, h.oldOwner, h.field)}</td>
                <td>{historyValue(h.newValue, h.newOwner, h.field)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
