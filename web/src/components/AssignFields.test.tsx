import { render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../graphql/client';
import { fakeGraphQL } from '../test/fakeApi';
import { AssignFields, emptyAssignValues, resolveOwner } from './AssignFields';

describe('AssignFields', () => {
  it('stops calling a typed owner new once resolveOwner has created them', async () => {
    const people: { __typename: 'Person'; id: string; displayName: string }[] = [];
    fakeGraphQL(({ operationName, variables }) => {
      if (operationName === 'PeopleSearch') {
        const search = String(variables.search ?? '').toLowerCase();
        return { body: { data: { people: { __typename: 'PersonConnection', items: people.filter((p) => p.displayName.toLowerCase().includes(search)) } } } };
      }
      if (operationName === 'CreatePerson') {
        const person = { __typename: 'Person' as const, id: 'P1', displayName: String(variables.displayName) };
        people.push(person);
        return { body: { data: { createPerson: { __typename: 'PersonPayload', person, errors: [] } } } };
      }
      return { body: { data: null } };
    });
    const client = createApiClient('token');
    function Form() {
      const [values, setValues] = useState({ ...emptyAssignValues, ownerName: 'Dana Scully' });
      return <AssignFields values={values} onChange={setValues} idPrefix="t" />;
    }
    render(
      <Provider value={client}>
        <Form />
      </Provider>,
    );
    expect(await screen.findByText(/is created on save/)).toBeInTheDocument();

    expect(await resolveOwner(client, 'Dana Scully')).toEqual({ id: 'P1' });

    await waitFor(() => expect(screen.queryByText(/is created on save/)).toBeNull());
  });

  it('resolves an owner the field already found without searching again', async () => {
    let searches = 0;
    fakeGraphQL(({ operationName }) => {
      if (operationName === 'PeopleSearch') {
        searches++;
        const items = [{ __typename: 'Person', id: 'P7', displayName: 'Person 7' }];
        return { body: { data: { people: { __typename: 'PersonConnection', items } } } };
      }
      return { body: { data: null } };
    });
    const client = createApiClient('token');
    render(
      <Provider value={client}>
        <AssignFields values={{ ...emptyAssignValues, ownerName: 'Person 7' }} onChange={() => {}} idPrefix="t" />
      </Provider>,
    );
    await waitFor(() => expect(document.querySelector('datalist option[value="Person 7"]')).not.toBeNull());
    const searchesWhileTyping = searches;

    expect(await resolveOwner(client, 'person 7')).toEqual({ id: 'P7' });
    expect(await resolveOwner(client, 'Person 7')).toEqual({ id: 'P7' });

    // 'person 7' is not what the field searched for, so it is looked up; 'Person 7' comes from the cache.
    expect(searches).toBe(searchesWhileTyping + 1);
  });
});
