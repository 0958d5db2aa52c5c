import { describe, expect, it } from 'vitest';
import { applyOverride, withOverride, withoutOverride } from './overrides';
import { emptyTriageFilter, triageFilter } from './triageFilter';

describe('triageFilter', () => {
  const now = new Date('2026-03-31T12:00:00Z');

  it('asks for open unassigned items and nothing else when no control is set', () => {
    expect(triageFilter(emptyTriageFilter, now)).toEqual({ open: true, unassigned: true });
  });

  it('narrows by team, tag, incident, age and tracker', () => {
    expect(
      triageFilter({ team: ' sre ', tag: 'dns', incidentId: '7', olderThanDays: '30', tracker: 'GITHUB' }, now),
    ).toEqual({
      open: true,
      unassigned: true,
      teams: ['sre'],
      tags: ['dns'],
      incidentIds: ['7'],
      createdBefore: '2026-03-01T12:00:00.000Z',
      trackerKinds: ['GITHUB'],
    });
    expect(triageFilter({ ...emptyTriageFilter, tracker: 'none' }, now)).toEqual({ open: true, unassigned: true, linked: false });
  });
});

describe('optimistic overrides', () => {
  const item = { id: '1', team: null, priority: 'UNSET', owner: null };

  it('shows the pending change and returns to the server values once removed', () => {
    const pending = withOverride(new Map(), ['1'], { ownerName: 'Ada', team: 'sre', priority: 'HIGH', note: 'Saving…', pending: true });
    expect(applyOverride(item, pending)).toMatchObject({ team: 'sre', priority: 'HIGH', owner: { displayName: 'Ada' } });
    expect(applyOverride(item, withoutOverride(pending, ['1']))).toEqual(item);
  });

  it('leaves fields the change does not touch as the server has them', () => {
    const pending = withOverride(new Map(), ['1'], { priority: 'LOW', note: 'Saving…', pending: true });
    expect(applyOverride({ ...item, team: 'web' }, pending)).toMatchObject({ team: 'web', priority: 'LOW', owner: null });
  });
});
