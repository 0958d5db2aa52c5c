import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { useSession } from '../auth/Session';
import { AssignFields, emptyAssignValues, isEmptyAssign, resolveOwner, type AssignValues } from '../components/AssignFields';
import { Pager } from '../components/Pager';
import { Empty, ErrorNotice, Loading } from '../components/States';
import { words } from '../format';
import { graphql } from '../gql';
import { describeFailure } from '../graphql/errors';
import type { MutationErrorCode, Priority } from '../gql/graphql';

type MutationError = { code: MutationErrorCode; message: string };
import { applyOverride, withConfirmed, withOverride, withoutOverride, withoutSettledMissing, type Overrides } from './triage/overrides';
import { emptyTriageFilter, triageFilter, type TriageFilterState } from './triage/triageFilter';

const PAGE_SIZE = 50;

const TriageItems = graphql(`
  query TriageItems($filter: ActionItemFilter, $first: Int, $after: String) {
    actionItems(filter: $filter, orderBy: CREATED_ASC, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          version
          priority
          team
          tags
          ageDays
          needsReview
          owner {
            id
            displayName
          }
          incident {
            id
            slug
            title
          }
          links {
            id
            state
            remoteId
            remoteUrl
            syncTarget {
              name
            }
          }
        }
      }
    }
  }
`);

const TriageChoices = graphql(`
  query TriageChoices {
    incidents(filter: { hasOpenItems: true }, orderBy: DATE_DESC, first: 500) {
      items {
        id
        slug
        title
      }
    }
    syncTargets {
      name
      kind
      configured
    }
  }
`);

const UpdateItem = graphql(`
  mutation TriageUpdateItem($input: UpdateActionItemInput!) {
    updateActionItem(input: $input) {
      actionItem {
        id
        version
        title
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const AssignItems = graphql(`
  mutation TriageAssignItems($input: AssignActionItemsInput!) {
    assignActionItems(input: $input) {
      actionItems {
        id
        version
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const PushItems = graphql(`
  mutation TriagePushItems($itemIds: [ID!]!, $target: String!) {
    pushToTracker(itemIds: $itemIds, target: $target) {
      links {
        id
        state
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

type Notice = { kind: 'ok' | 'error'; text: string };

/**
 * One sentence for a refused change in describeFailure's words (src/graphql/errors.ts); a CONFLICT first says the list
 * now shows what the server has, which stands on its own when the errors carry no message.
 */
export function refusal(errors: readonly Pick<MutationError, 'code' | 'message'>[]): string {
  if (errors.some((e) => e.code === 'CONFLICT')) {
    return `Someone changed this meanwhile, so your change was not applied; the list now shows the current values. ${describeFailure(
      undefined,
      errors,
      '',
    )}`.trim();
  }
  return describeFailure(undefined, errors);
}

/** Home: open, unassigned items across incidents, oldest first, to give each an owner, team, priority and tracker task. */
export function TriagePage() {
  const client = useClient();
  const { can } = useSession();
  const mayEdit = can('TRIAGER');
  const [filterState, setFilterState] = useState<TriageFilterState>(emptyTriageFilter);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const filter = useMemo(() => triageFilter(filterState, new Date()), [filterState]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TriageItems,
    variables: { filter, first: PAGE_SIZE, after },
  });
  // The filters' choices (up to 500 incidents) are asked for once the first rows are in: sent together, the two
  // queries share the server's CPU and the rows come later (docs/benchmarks.md, "Web app in the browser").
  const [{ data: choices }] = useQuery({ query: TriageChoices, pause: !data });
  const targets = choices?.syncTargets.filter((t) => t.configured) ?? [];

  const [overrides, setOverrides] = useState<Overrides>(new Map());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [current, setCurrent] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [bulkValues, setBulkValues] = useState<AssignValues>(emptyAssignValues);
  const [target, setTarget] = useState('');
  const pushTarget = target || targets[0]?.name || '';

  // Each new read of the list drops the settled overrides of rows it no longer holds (withoutSettledMissing says why). Done
  // while rendering, not in an effect, so a returning row is never painted with its old note first.
  const [prunedFor, setPrunedFor] = useState(data);
  if (data !== prunedFor) {
    setPrunedFor(data);
    if (data) {
      const shownIds = new Set((data.actionItems.edges ?? []).flatMap((e) => (e?.node ? [e.node.id] : [])));
      setOverrides((o) => withoutSettledMissing(o, shownIds));
    }
  }

  const items = useMemo(
    () => (data?.actionItems.edges ?? []).flatMap((e) => (e?.node ? [applyOverride(e.node, overrides)] : [])),
    [data, overrides],
  );
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  function changeFilter(next: Partial<TriageFilterState>) {
    setFilterState((f) => ({ ...f, ...next }));
    setCursors([null]);
    setSelected(new Set());
    setCurrent(0);
  }

  /** Applies `values` to `ids`: shown at once, confirmed or rolled back when the server answers. */
  async function assign(ids: string[], values: AssignValues) {
    const owner = values.ownerName.trim();
    const team = values.team.trim();
    const priority = values.priority || undefined;
    const described = [owner && `owner ${owner}`, team && `team ${team}`, priority && `priority ${priority.toLowerCase()}`]
      .filter(Boolean)
      .join(', ');
    setOverrides((o) =>
      withOverride(o, ids, {
        ...(owner ? { ownerName: owner } : {}),
        ...(team ? { team } : {}),
        ...(priority ? { priority } : {}),
        note: 'Saving…',
        pending: true,
      }),
    );
    setEditing(null);
    // An answer holding an ActionItem (a CONFLICT on one item carries its current state) already makes urql's cacheExchange
    // (src/graphql/client.ts) read the list again; only an answer without one needs the page to read it.
    const rollback = (text: string, answerHeldItem = false) => {
      setOverrides((o) => withoutOverride(o, ids));
      setNotice({ kind: 'error', text });
      if (!answerHeldItem) reload();
    };

    let ownerId: string | undefined;
    if (owner) {
      const resolved = await resolveOwner(client, owner);
      if ('error' in resolved) return rollback(`Could not set the owner: ${resolved.error}`);
      ownerId = resolved.id;
    }
    const input = { ...(ownerId ? { ownerId } : {}), ...(team ? { team } : {}), ...(priority ? { priority: priority as Priority } : {}) };
    let errors: readonly Pick<MutationError, 'code' | 'message'>[] = [];
    const versions = new Map<string, number>();
    let answerHeldItem = false;
    if (ids.length === 1) {
      const item = items.find((i) => i.id === ids[0]);
      const result = await client.mutation(UpdateItem, { input: { id: ids[0]!, version: item?.version ?? 0, ...input } }).toPromise();
      if (result.error) return rollback(describeFailure(result.error));
      errors = result.data?.updateActionItem.errors ?? [];
      const saved = result.data?.updateActionItem.actionItem;
      if (saved) versions.set(saved.id, saved.version);
      answerHeldItem = saved != null;
    } else {
      const result = await client.mutation(AssignItems, { input: { ids, ...input } }).toPromise();
      if (result.error) return rollback(describeFailure(result.error));
      errors = result.data?.assignActionItems.errors ?? [];
      const saved = result.data?.assignActionItems.actionItems ?? [];
      for (const item of saved) versions.set(item.id, item.version);
      answerHeldItem = saved.length > 0;
    }
    if (errors.length > 0) return rollback(refusal(errors), answerHeldItem);
    // Our values show until the list reads the item at the version that holds them; then the server's do.
    setOverrides((o) => withConfirmed(o, ids, versions, `Assigned: ${described}`));
    setSelected(new Set());
    setNotice({ kind: 'ok', text: `${ids.length === 1 ? '1 item' : `${ids.length} items`} updated: ${described}.` });
  }

  async function push(ids: string[]) {
    if (!pushTarget) {
      setNotice({ kind: 'error', text: 'No tracker is configured to push to (README, "Sync with Phabricator / Phorge").' });
      return;
    }
    setOverrides((o) => withOverride(o, ids, { note: `Pushing to ${pushTarget}…`, pending: true }));
    const result = await client.mutation(PushItems, { itemIds: ids, target: pushTarget }).toPromise();
    const errors = result.data?.pushToTracker.errors ?? [];
    if (result.error || errors.length > 0) {
      setOverrides((o) => withoutOverride(o, ids));
      setNotice({ kind: 'error', text: result.error ? describeFailure(result.error) : refusal(errors) });
      return;
    }
    setOverrides((o) => withOverride(o, ids, { note: `Queued for ${pushTarget}`, pending: false }));
    setNotice({ kind: 'ok', text: `${ids.length === 1 ? '1 item' : `${ids.length} items`} queued for ${pushTarget}.` });
  }

  // Keyboard: j/k move, x selects, a assigns, p pushes (not while typing in a field). The listener is added again
  // after every render (no dependency list), so it reads this render's rows, selection and push target directly.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || target?.closest('input, select, textarea, [contenteditable]')) return;
      const item = items[current];
      switch (event.key) {
        case 'j':
          setCurrent((c) => Math.min(c + 1, Math.max(items.length - 1, 0)));
          break;
        case 'k':
          setCurrent((c) => Math.max(c - 1, 0));
          break;
        case 'x':
          if (item && mayEdit) toggle(item.id);
          break;
        case 'a':
          if (item && mayEdit) {
            event.preventDefault();
            setEditing(item.id);
          }
          break;
        case 'p':
          if (item && mayEdit) void push(selected.size > 0 ? [...selected] : [item.id]);
          break;
        default:
          return;
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  function submitBulk(event: FormEvent) {
    event.preventDefault();
    if (selected.size === 0 || isEmptyAssign(bulkValues)) return;
    void assign([...selected], bulkValues);
    setBulkValues(emptyAssignValues);
  }

  const total = data?.actionItems.totalCount ?? 0;
  const page = cursors.length;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Triage</h1>
      <p className="muted">
        Open items without an owner, oldest first. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>a</kbd> assign,{' '}
        <kbd>p</kbd> push to tracker.
      </p>

      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Team
          <input value={filterState.team} onChange={(e) => changeFilter({ team: e.target.value })} />
        </label>
        <label>
          Tag
          <input value={filterState.tag} onChange={(e) => changeFilter({ tag: e.target.value })} />
        </label>
        <label>
          Incident
          <select value={filterState.incidentId} onChange={(e) => changeFilter({ incidentId: e.target.value })}>
            <option value="">any</option>
            {(choices?.incidents.items ?? []).flatMap((i) =>
              i ? [<option key={i.id} value={i.id}>{i.title}</option>] : [],
            )}
          </select>
        </label>
        <label>
          Age
          <select value={filterState.olderThanDays} onChange={(e) => changeFilter({ olderThanDays: e.target.value })}>
            <option value="">any</option>
            <option value="7">older than a week</option>
            <option value="30">older than 30 days</option>
            <option value="90">older than 90 days</option>
            <option value="365">older than a year</option>
          </select>
        </label>
        <label>
          Tracker
          <select value={filterState.tracker} onChange={(e) => changeFilter({ tracker: e.target.value as TriageFilterState['tracker'] })}>
            <option value="">any</option>
            <option value="none">not linked</option>
            <option value="PHABRICATOR">Phabricator</option>
            <option value="GITHUB">GitHub</option>
          </select>
        </label>
      </form>

      {mayEdit && (
        <form className="toolbar" aria-label="Bulk assign" onSubmit={submitBulk}>
          <AssignFields idPrefix="bulk" values={bulkValues} onChange={setBulkValues} />
          <button type="submit" className="primary" disabled={selected.size === 0 || isEmptyAssign(bulkValues)}>
            Assign {selected.size} selected
          </button>
          {targets.length > 0 && (
            <>
              <label>
                Push to
                <select value={pushTarget} onChange={(e) => setTarget(e.target.value)}>
                  {targets.map((t) => (
                    <option key={t.name} value={t.name}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" disabled={selected.size === 0} onClick={() => void push([...selected])}>
                Push {selected.size} selected
              </button>
            </>
          )}
        </form>
      )}

      {notice && (
        <div role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'state state-error' : 'notice'}>
          {notice.text}{' '}
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}

      {error && !data ? (
        <ErrorNotice error={error} retry={reload} />
      ) : !data ? (
        <Loading what="Loading unassigned items" />
      ) : items.length === 0 ? (
        <Empty>No open unassigned items{filterState === emptyTriageFilter ? '' : ' match these filters'}.</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {total} unassigned open item{total === 1 ? '' : 's'}
            {fetching ? ' (refreshing…)' : ''}
          </p>
          <table aria-label="Unassigned items">
            <thead>
              <tr>
                {mayEdit && (
                  <th>
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={items.length > 0 && items.every((i) => selected.has(i.id))}
                      onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
                    />
                  </th>
                )}
                <th>Item</th>
                <th>Incident</th>
                <th>Age</th>
                <th>Owner</th>
                <th>Team</th>
                <th>Priority</th>
                <th>Tracker</th>
                {mayEdit && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => (
                <TriageRow
                  key={item.id}
                  item={item}
                  isCurrent={index === current}
                  isSelected={selected.has(item.id)}
                  isEditing={editing === item.id}
                  mayEdit={mayEdit}
                  canPush={pushTarget !== ''}
                  onFocus={() => setCurrent(index)}
                  onToggle={() => toggle(item.id)}
                  onEdit={() => setEditing(editing === item.id ? null : item.id)}
                  onAssign={(values) => void assign([item.id], values)}
                  onPush={() => void push([item.id])}
                />
              ))}
            </tbody>
          </table>
          <Pager
            label="Unassigned items"
            hasPrevious={page > 1}
            hasNext={data.actionItems.pageInfo.hasNextPage}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            onNext={() => setCursors((c) => [...c, data.actionItems.pageInfo.endCursor ?? null])}
            summary={`page ${page} of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`}
          />
        </>
      )}
    </section>
  );
}

type Row = ReturnType<typeof applyOverride<NonNullable<NonNullable<NonNullable<import('../gql/graphql').TriageItemsQuery['actionItems']['edges']>[number]>['node']>>>;

function TriageRow({
  item,
  isCurrent,
  isSelected,
  isEditing,
  mayEdit,
  canPush,
  onFocus,
  onToggle,
  onEdit,
  onAssign,
  onPush,
}: {
  item: Row;
  isCurrent: boolean;
  isSelected: boolean;
  isEditing: boolean;
  mayEdit: boolean;
  canPush: boolean;
  onFocus: () => void;
  onToggle: () => void;
  onEdit: () => void;
  onAssign: (values: AssignValues) => void;
  onPush: () => void;
}) {
  const [values, setValues] = useState<AssignValues>(emptyAssignValues);
  const rowRef = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (isCurrent) rowRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [isCurrent]);
  const columns = mayEdit ? 9 : 7;
  return (
    <>
      <tr ref={rowRef} className={isCurrent ? 'current' : undefined} aria-current={isCurrent ? 'true' : undefined} onClick={onFocus}>
        {mayEdit && (
          <td>
            <input type="checkbox" aria-label={`Select ${item.title}`} checked={isSelected} onChange={onToggle} />
          </td>
        )}
        <td>
          <Link to={`/items/${item.id}`}>{item.title}</Link>
          {item.needsReview && <span className="tag">needs review</span>}
          {item.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
          {item.override && (
            <div className={item.override.pending ? 'muted' : 'notice'} role="status">
              {item.override.note}
            </div>
          )}
        </td>
        <td>
          <Link to={`/incidents/${item.incident.id}`}>{item.incident.title}</Link>
        </td>
        <td>{item.ageDays} d</td>
        <td>{item.owner?.displayName ?? <span className="muted">—</span>}</td>
        <td>{item.team ?? <span className="muted">—</span>}</td>
        <td>{item.priority.toLowerCase()}</td>
        <td>
          {item.links.length === 0 ? (
            <span className="muted">not linked</span>
          ) : (
            item.links.map((l) => (
              <div key={l.id}>
                {l.remoteUrl ? <a href={l.remoteUrl}>{l.remoteId ?? l.syncTarget.name}</a> : l.remoteId ?? l.syncTarget.name}{' '}
                <span className="muted">{words(l.state)}</span>
              </div>
            ))
          )}
        </td>
        {mayEdit && (
          <td>
            <button type="button" onClick={onEdit} aria-expanded={isEditing} aria-label={`Assign ${item.title}`}>
              Assign
            </button>{' '}
            <button type="button" onClick={onPush} disabled={!canPush} aria-label={`Push ${item.title}`}>
              Push
            </button>
          </td>
        )}
      </tr>
      {isEditing && (
        <tr>
          <td colSpan={columns}>
            <form
              className="toolbar"
              aria-label={`Assign ${item.title}`}
              onSubmit={(e) => {
                e.preventDefault();
                if (!isEmptyAssign(values)) onAssign(values);
              }}
            >
              <AssignFields idPrefix={`item-${item.id}`} values={values} onChange={setValues} autoFocus />
              <button type="submit" className="primary" disabled={isEmptyAssign(values)}>
                Save
              </button>
              <button type="button" onClick={onEdit}>
                Cancel
              </button>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
