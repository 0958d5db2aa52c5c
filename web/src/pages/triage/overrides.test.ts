import { describe, expect, it } from 'vitest';
import { applyOverride, withConfirmed, withOverride, withoutOverride, withoutSettledMissing } from './overrides';

describe('optimistic overrides', () => {
  const item = { id: '1', version: 3, team: null, priority: 'UNSET', owner: null };

  it('shows the pending change and returns to the server values once removed', () => {
    const pending = withOverride(new Map(), ['1'], { ownerName: 'Ada', team: 'sre', priority: 'HIGH', note: 'Saving…', pending: true });
    expect(applyOverride(item, pending)).toMatchObject({ team: 'sre', priority: 'HIGH', owner: { displayName: 'Ada' } });
    expect(applyOverride(item, withoutOverride(pending, ['1']))).toEqual(item);
  });

  it('leaves fields the change does not touch as the server has them', () => {
    const pending = withOverride(new Map(), ['1'], { priority: 'LOW', note: 'Saving…', pending: true });
    expect(applyOverride({ ...item, team: 'web' }, pending)).toMatchObject({ team: 'web', priority: 'LOW', owner: null });
  });

  it('keeps a confirmed change\'s values until the item is read at the version that holds them, then the server\'s and the note', () => {
    const pending = withOverride(new Map(), ['1'], { team: 'sre', note: 'Saving…', pending: true });
    const confirmed = withConfirmed(pending, ['1'], new Map([['1', 4]]), 'Assigned: team sre');
    expect(applyOverride(item, confirmed)).toMatchObject({ team: 'sre', override: { note: 'Assigned: team sre', pending: false } });
    expect(applyOverride({ ...item, version: 4, team: 'sre' }, confirmed)).toMatchObject({ team: 'sre' });
    expect(applyOverride({ ...item, version: 5, team: 'web' }, confirmed)).toMatchObject({
      team: 'web',
      override: { note: 'Assigned: team sre' },
    });
  });

  it('keeps only the note of a confirmed change whose version the server did not say', () => {
    const pending = withOverride(new Map(), ['1'], { team: 'sre', note: 'Saving…', pending: true });
    const confirmed = withConfirmed(pending, ['1'], new Map(), 'Assigned: team sre');
    expect(applyOverride(item, confirmed)).toMatchObject({ team: null, override: { note: 'Assigned: team sre', pending: false } });
  });

  it('shows a new pending change on a row confirmed before', () => {
    const confirmed = withConfirmed(withOverride(new Map(), ['1'], { team: 'sre', note: 'Saving…', pending: true }), ['1'], new Map([['1', 4]]), 'Assigned');
    const again = withOverride(confirmed, ['1'], { team: 'ops', note: 'Saving…', pending: true });
    expect(applyOverride({ ...item, version: 4, team: 'sre' }, again)).toMatchObject({ team: 'ops' });
  });

  it('does not bring back a confirmed change\'s values under a new change to another field', () => {
    const confirmed = withConfirmed(withOverride(new Map(), ['1'], { team: 'sre', note: 'Saving…', pending: true }), ['1'], new Map([['1', 4]]), 'Assigned');
    const again = withOverride(confirmed, ['1'], { priority: 'HIGH', note: 'Saving…', pending: true });
    // Someone else set team web after our confirmed change (v5): the new change is about priority only.
    expect(applyOverride({ ...item, version: 5, team: 'web' }, again)).toMatchObject({ team: 'web', priority: 'HIGH' });
  });

  it('keeps a confirmed change\'s values under a note of its own (a push) until their version is read', () => {
    const confirmed = withConfirmed(withOverride(new Map(), ['1'], { team: 'sre', note: 'Saving…', pending: true }), ['1'], new Map([['1', 4]]), 'Assigned');
    const pushing = withOverride(confirmed, ['1'], { note: 'Pushing to phab…', pending: true });
    expect(applyOverride(item, pushing)).toMatchObject({ team: 'sre', override: { note: 'Pushing to phab…' } });
    expect(applyOverride({ ...item, version: 5, team: 'web' }, pushing)).toMatchObject({ team: 'web' });
  });

  it('drops the settled overrides of items a read no longer holds, and keeps pending ones', () => {
    const confirmed = withConfirmed(withOverride(new Map(), ['1', '2'], { ownerName: 'Ada', note: 'Saving…', pending: true }), ['1', '2'], new Map(), 'Assigned');
    const overrides = withOverride(confirmed, ['3'], { team: 'sre', note: 'Saving…', pending: true });
    expect([...withoutSettledMissing(overrides, new Set(['2'])).keys()]).toEqual(['2', '3']);
    expect(withoutSettledMissing(overrides, new Set(['1', '2']))).toBe(overrides);
  });
});
