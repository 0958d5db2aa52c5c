import { useMemo, useState } from 'react';
import { useQuery, type Client } from 'urql';
import { graphql } from '../gql';
import { describeFailure } from '../graphql/errors';
import type { Priority } from '../gql/graphql';

export const PRIORITIES: readonly Priority[] = ['UNSET', 'LOWEST', 'LOW', 'MEDIUM', 'HIGH', 'UNBREAK'];

const PeopleSearch = graphql(`
  query PeopleSearch($search: String) {
    people(search: $search, first: 20) {
      items {
        id
        displayName
      }
    }
  }
`);

const CreatePerson = graphql(`
  mutation CreatePerson($displayName: String!) {
    createPerson(input: { displayName: $displayName }) {
      person {
        id
        displayName
      }
      errors {
        code
        message
      }
    }
  }
`);

/** What the assign controls hold: '' leaves a field as it is. */
export interface AssignValues {
  ownerName: string;
  team: string;
  priority: '' | Priority;
}

export const emptyAssignValues: AssignValues = { ownerName: '', team: '', priority: '' };

export function isEmptyAssign(values: AssignValues): boolean {
  return !values.ownerName.trim() && !values.team.trim() && !values.priority;
}

/**
 * Owner (a person, picked from the suggestions or typed: someone new is created on save), team and priority.
 * `idPrefix` keeps the labels' ids unique when two of these are on a page.
 */
export function AssignFields({
  values,
  onChange,
  idPrefix,
  autoFocus = false,
}: {
  values: AssignValues;
  onChange: (values: AssignValues) => void;
  idPrefix: string;
  autoFocus?: boolean;
}) {
  // An empty answer names no Person, so urql would not know to drop it when a person is created (resolveOwner):
  // the "is created on save" hint would outlive the save. Naming the type ties the search to Person changes.
  const context = useMemo(() => ({ additionalTypenames: ['Person'] }), []);
  const [{ data }] = useQuery({ query: PeopleSearch, variables: { search: values.ownerName.trim() || null }, context });
  const people = data?.people.items?.filter((p) => p != null) ?? [];
  const typed = values.ownerName.trim();
  const isNew = typed !== '' && data !== undefined && !people.some((p) => sameName(p.displayName, typed));
  const [listId] = useState(() => `${idPrefix}-people`);
  return (
    <>
      <label>
        Owner
        <input
          list={listId}
          value={values.ownerName}
          autoFocus={autoFocus}
          placeholder="name"
          onChange={(e) => onChange({ ...values, ownerName: e.target.value })}
        />
        <datalist id={listId}>
          {people.map((p) => (
            <option key={p.id} value={p.displayName} />
          ))}
        </datalist>
        {isNew && <small className="muted">new person: “{typed}” is created on save</small>}
      </label>
      <label>
        Team
        <input value={values.team} placeholder="team" onChange={(e) => onChange({ ...values, team: e.target.value })} />
      </label>
      <label>
        Priority
        <select value={values.priority} onChange={(e) => onChange({ ...values, priority: e.target.value as AssignValues['priority'] })}>
          <option value="">(unchanged)</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/**
 * The person named `name`: an existing one with exactly that display name (case aside), else a new one
 * (triagers may create people). Resolves to the person's id, or an error sentence.
 */
export async function resolveOwner(client: Client, name: string): Promise<{ id: string } | { error: string }> {
  // The owner field searched for this name as it was typed, so the answer is in urql's cache: a person found there
  // exists and the save needs no second search (one round trip less on every assign; bench/web/triage-browser.mjs
  // measures it). A name not found there is searched again on the server before anyone is created, so a person
  // someone else created meanwhile is not created twice.
  const cached = client.readQuery(PeopleSearch, { search: name })?.data?.people.items?.find((p) => p != null && sameName(p.displayName, name));
  if (cached) return { id: cached.id };
  const found = await client.query(PeopleSearch, { search: name }, { requestPolicy: 'network-only' }).toPromise();
  if (found.error) return { error: describeFailure(found.error) };
  const existing = found.data?.people.items?.find((p) => p != null && sameName(p.displayName, name));
  if (existing) return { id: existing.id };
  const created = await client.mutation(CreatePerson, { displayName: name }).toPromise();
  if (created.error) return { error: describeFailure(created.error) };
  const payload = created.data?.createPerson;
  if (!payload?.person) return { error: describeFailure(undefined, payload?.errors, 'The person could not be created.') };
  return { id: payload.person.id };
}
