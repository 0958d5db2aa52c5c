import { describe, expect, it } from 'vitest';
import { applyOverride, withOverride, withoutOverride } from './overrides';

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
