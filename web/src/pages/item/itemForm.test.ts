import { describe, expect, it } from 'vitest';
import { changesFrom, followsLatest, formValuesOf, parseTags, type EditableItem } from './itemForm';

const item: EditableItem = {
  title: 'Add alerting',
  description: 'Page on 5xx',
  status: 'OPEN',
  priority: 'MEDIUM',
  team: 'sre',
  dueDate: null,
  tags: ['alerting', 'dns'],
  owner: { id: 'p1', displayName: 'Ada Lovelace' },
};

describe('changesFrom', () => {
  it('sends nothing when nothing changed', () => {
    expect(changesFrom(item, formValuesOf(item))).toEqual({ ok: true, changes: {}, owner: { kind: 'unchanged' }, changed: false });
  });

  it('sends only the changed fields, and null for a cleared one', () => {
    const outcome = changesFrom(item, { ...formValuesOf(item), team: ' ', dueDate: '2027-01-31', status: 'IN_PROGRESS' });
    expect(outcome).toEqual({
      ok: true,
      changes: { team: null, dueDate: '2027-01-31', status: 'IN_PROGRESS' },
      owner: { kind: 'unchanged' },
      changed: true,
    });
  });

  it('clears or names the owner', () => {
    expect(changesFrom(item, { ...formValuesOf(item), ownerName: '' })).toMatchObject({ owner: { kind: 'clear' } });
    expect(changesFrom(item, { ...formValuesOf(item), ownerName: ' Grace Hopper ' })).toMatchObject({
      owner: { kind: 'set', name: 'Grace Hopper' },
    });
  });

  it('compares tags as a list, not as typed', () => {
    expect(changesFrom(item, { ...formValuesOf(item), tags: 'alerting,dns,' })).toMatchObject({ changed: false });
    expect(changesFrom(item, { ...formValuesOf(item), tags: 'dns, alerting' })).toMatchObject({ changed: false });
    expect(changesFrom(item, { ...formValuesOf(item), tags: 'dns' })).toMatchObject({ changes: { tags: ['dns'] } });
  });

  it('refuses an empty title and a date that does not exist', () => {
    expect(changesFrom(item, { ...formValuesOf(item), title: '  ' })).toMatchObject({ ok: false, field: 'title' });
    expect(changesFrom(item, { ...formValuesOf(item), dueDate: '2027-02-30' })).toMatchObject({ ok: false, field: 'dueDate' });
    expect(changesFrom(item, { ...formValuesOf(item), dueDate: 'tomorrow' })).toMatchObject({ ok: false, field: 'dueDate' });
  });
});

describe('parseTags', () => {
  it('trims, drops empty ones and keeps each once', () => {
    expect(parseTags(' a, b,,a , c')).toEqual(['a', 'b', 'c']);
  });
});

describe('followsLatest', () => {
  it('follows a newer stored item while the controls still show the base', () => {
    expect(followsLatest(item, formValuesOf(item))).toBe(true);
  });

  it('keeps what someone typed, in any field', () => {
    expect(followsLatest(item, { ...formValuesOf(item), title: 'Add alerting on 5xx' })).toBe(false);
    expect(followsLatest(item, { ...formValuesOf(item), tags: 'alerting' })).toBe(false);
    expect(followsLatest(item, { ...formValuesOf(item), ownerName: '' })).toBe(false);
  });
});
