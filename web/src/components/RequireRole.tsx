import type { ReactNode } from 'react';
import { useSession } from '../auth/Session';
import type { Role } from '../auth/roles';

/**
 * Renders its children only for callers holding `role` (viewers see no edit controls). The API checks every
 * mutation anyway; this only keeps buttons away from people who may not use them.
 */
export function RequireRole({ role, children, fallback = null }: { role: Role; children: ReactNode; fallback?: ReactNode }) {
  const { can } = useSession();
  return <>{can(role) ? children : fallback}</>;
}
