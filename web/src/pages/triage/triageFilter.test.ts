import { describe, expect, it } from 'vitest';
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
