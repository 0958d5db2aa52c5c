import { describe, expect, it } from 'vitest';
import { hasRole } from './roles';

describe('hasRole', () => {
  it('lets each role do what the roles below it may', () => {
    expect(hasRole('ADMIN', 'TRIAGER')).toBe(true);
    expect(hasRole('TRIAGER', 'TRIAGER')).toBe(true);
    expect(hasRole('VIEWER', 'TRIAGER')).toBe(false);
    expect(hasRole('TRIAGER', 'ADMIN')).toBe(false);
    expect(hasRole(null, 'VIEWER')).toBe(false);
  });
});
