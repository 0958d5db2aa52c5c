/**
 * Optimistic updates: what the page shows for an item while a change to it is on its way. Each override is
 * kept until the server answers; an error removes it again (rollback) and the list shows what the server has.
 */
export interface ItemOverride {
  ownerName?: string | null;
  team?: string | null;
  priority?: string;
  /** A sentence shown on the row while saving or after success (e.g. "Assigned to Ada"). */
  note: string;
  pending: boolean;
}

export type Overrides = ReadonlyMap<string, ItemOverride>;

export function withOverride(overrides: Overrides, ids: readonly string[], override: ItemOverride): Overrides {
  const next = new Map(overrides);
  for (const id of ids) next.set(id, { ...next.get(id), ...override });
  return next;
}

export function withoutOverride(overrides: Overrides, ids: readonly string[]): Overrides {
  const next = new Map(overrides);
  for (const id of ids) next.delete(id);
  return next;
}

/** An item as shown: the server's fields with the pending or confirmed change on top. */
export function applyOverride<T extends { id: string; team?: string | null; priority: string; owner?: { displayName: string } | null }>(
  item: T,
  overrides: Overrides,
): T & { override?: ItemOverride } {
  const override = overrides.get(item.id);
  if (!override) return item;
  return {
    ...item,
    team: override.team !== undefined ? override.team : item.team,
    priority: override.priority ?? item.priority,
    owner: override.ownerName !== undefined ? (override.ownerName === null ? null : { ...(item.owner ?? {}), displayName: override.ownerName }) : item.owner,
    override,
  };
}
