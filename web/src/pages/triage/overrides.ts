/**
 * Optimistic updates: what the page shows for an item while a change to it is on its way. Each override is
 * kept until the server answers; an error removes it again (rollback) and the list shows what the server has.
 * A confirmed change keeps its values only until the list holds the item at the version the server answered
 * with: from then on the server's values show (they may already hold someone else's later change), and only the note stays,
 * until a read of the list no longer holds the item (withoutSettledMissing).
 */
export interface ItemOverride {
  ownerName?: string | null;
  team?: string | null;
  priority?: string;
  /** A sentence shown on the row while saving or after success (e.g. "Assigned to Ada"). */
  note: string;
  pending: boolean;
  /** Set once the server confirmed the change: the item's version that holds it. */
  confirmedVersion?: number;
}

export type Overrides = ReadonlyMap<string, ItemOverride>;

/**
 * Puts `override` on `ids`, on top of what each row already has. A change with values of its own replaces a confirmed
 * change instead: the confirmed values held only until the list reads their version, and kept under a new pending change
 * they would hide someone else's later change to a field this change does not touch. A change with only a note (a push)
 * keeps the confirmed values and their version.
 */
export function withOverride(overrides: Overrides, ids: readonly string[], override: ItemOverride): Overrides {
  const setsValues = override.ownerName !== undefined || override.team !== undefined || override.priority !== undefined;
  const next = new Map(overrides);
  for (const id of ids) {
    const prior = next.get(id);
    next.set(id, { ...(setsValues && prior?.confirmedVersion !== undefined ? {} : prior), ...override });
  }
  return next;
}

/**
 * The server confirmed the change to `ids`: each keeps `note`, and its values only until the list reads the item at
 * `versions.get(id)` or later. An id without a known version keeps only the note (the next read shows the server's values).
 */
export function withConfirmed(
  overrides: Overrides,
  ids: readonly string[],
  versions: ReadonlyMap<string, number>,
  note: string,
): Overrides {
  const next = new Map(overrides);
  for (const id of ids) {
    const version = versions.get(id);
    const override = next.get(id);
    next.set(id, version !== undefined && override ? { ...override, note, pending: false, confirmedVersion: version } : { note, pending: false });
  }
  return next;
}

export function withoutOverride(overrides: Overrides, ids: readonly string[]): Overrides {
  const next = new Map(overrides);
  for (const id of ids) next.delete(id);
  return next;
}

/**
 * Drops the settled overrides (not pending: confirmed, or a push queued) of items a read of the list no longer holds, and
 * returns `overrides` itself when there are none. Such an item left the list (an owner assigned) or this page of it; if it
 * comes back (the owner cleared), it shows what the server has, not an old note. The map also stops growing by one entry
 * per item assigned.
 */
export function withoutSettledMissing(overrides: Overrides, shownIds: ReadonlySet<string>): Overrides {
  const missing = [...overrides].filter(([id, override]) => !override.pending && !shownIds.has(id)).map(([id]) => id);
  return missing.length === 0 ? overrides : withoutOverride(overrides, missing);
}

/** An item as shown: the server's fields with the pending or confirmed change on top. */
export function applyOverride<
  T extends { id: string; version: number; team?: string | null; priority: string; owner?: { displayName: string } | null },
>(item: T, overrides: Overrides): T & { override?: ItemOverride } {
  const override = overrides.get(item.id);
  if (!override) return item;
  if (override.confirmedVersion !== undefined && item.version >= override.confirmedVersion) return { ...item, override };
  return {
    ...item,
    team: override.team !== undefined ? override.team : item.team,
    priority: override.priority ?? item.priority,
    owner: override.ownerName !== undefined ? (override.ownerName === null ? null : { ...(item.owner ?? {}), displayName: override.ownerName }) : item.owner,
    override,
  };
}
