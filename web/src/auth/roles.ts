import type { Role } from '../gql/graphql';

export type { Role };

/** Each role includes the ones before it (README, Access): an admin may do whatever a triager may. */
const ORDER: readonly Role[] = ['VIEWER', 'TRIAGER', 'ADMIN'];

export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  return role != null && ORDER.indexOf(role) >= ORDER.indexOf(needed);
}

export function roleLabel(role: Role): string {
  return role.toLowerCase();
}
