import type { ActionItemStatus, Priority } from '../../gql/graphql';

/** The item as the edit form starts from it (what the API answered). */
export interface EditableItem {
  title: string;
  description?: string | null;
  status: ActionItemStatus;
  priority: Priority;
  team?: string | null;
  dueDate?: string | null;
  tags: readonly string[];
  owner?: { id: string; displayName: string } | null;
}

/** What the form's controls hold; text everywhere, so an empty control means "none". */
export interface ItemFormValues {
  title: string;
  description: string;
  status: ActionItemStatus;
  priority: Priority;
  ownerName: string;
  team: string;
  dueDate: string;
  tags: string;
}

export function formValuesOf(item: EditableItem): ItemFormValues {
  return {
    title: item.title,
    description: item.description ?? '',
    status: item.status,
    priority: item.priority,
    ownerName: item.owner?.displayName ?? '',
    team: item.team ?? '',
    dueDate: item.dueDate ?? '',
    tags: item.tags.join(', '),
  };
}

/** Tags as typed ("a, b,,c"): trimmed, empty ones dropped, each once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

/** The fields of updateActionItem that changed; null clears a field (the API's "given as null"). */
export interface ItemChanges {
  title?: string;
  description?: string | null;
  status?: ActionItemStatus;
  priority?: Priority;
  team?: string | null;
  dueDate?: string | null;
  tags?: string[];
}

/** The owner part of a save: unchanged, cleared, or the person named (found or created on save). */
export type OwnerChange = { kind: 'unchanged' } | { kind: 'clear' } | { kind: 'set'; name: string };

export type FormOutcome =
  | { ok: true; changes: ItemChanges; owner: OwnerChange; changed: boolean }
  | { ok: false; field: keyof ItemFormValues; message: string };

/**
 * Compares the form with the item it started from and says what to send: only the fields that changed, so a save
 * never rewrites (and never writes history for) a field nobody touched. Checks what the browser can check before
 * asking the API, which checks again.
 */
export function changesFrom(item: EditableItem, values: ItemFormValues): FormOutcome {
  const title = values.title.trim();
  if (!title) return { ok: false, field: 'title', message: 'The title may not be empty.' };
  const dueDate = values.dueDate.trim();
  if (dueDate && !isCalendarDate(dueDate)) {
    return { ok: false, field: 'dueDate', message: 'The due date must be a date written YYYY-MM-DD.' };
  }
  const changes: ItemChanges = {};
  if (title !== item.title) changes.title = title;
  const description = values.description.trim();
  if (description !== (item.description ?? '').trim()) changes.description = description || null;
  if (values.status !== item.status) changes.status = values.status;
  if (values.priority !== item.priority) changes.priority = values.priority;
  const team = values.team.trim();
  if (team !== (item.team ?? '')) changes.team = team || null;
  if (dueDate !== (item.dueDate ?? '')) changes.dueDate = dueDate || null;
  const tags = parseTags(values.tags);
  // Compared as sets: the API keeps tags in its own order, so typing them in another order changes nothing.
  if (!sameSet(tags, item.tags)) changes.tags = tags;

  const ownerName = values.ownerName.trim();
  const currentOwner = item.owner?.displayName ?? '';
  const owner: OwnerChange =
    ownerName === currentOwner ? { kind: 'unchanged' } : ownerName === '' ? { kind: 'clear' } : { kind: 'set', name: ownerName };
  return { ok: true, changes, owner, changed: Object.keys(changes).length > 0 || owner.kind !== 'unchanged' };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sorted = (list: readonly string[]) => [...list].sort().join('\u0000');
  return sorted(a) === sorted(b);
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/**
 * Whether the form should move to a newer stored item by itself: only when nobody has typed anything since the form
 * last started over (its controls still show that base), so a sync, a resolved conflict or another tab's save shows up
 * at once, while edits in progress are never thrown away (those get "changed since you opened it" and a reload button).
 */
export function followsLatest(base: EditableItem, values: ItemFormValues): boolean {
  const untouched = formValuesOf(base);
  return (Object.keys(untouched) as (keyof ItemFormValues)[]).every((key) => untouched[key] === values[key]);
}
