import type { ActionItemFilter, TrackerKind } from '../../gql/graphql';

/** What the triage page's filter controls hold; '' means "any". */
export interface TriageFilterState {
  team: string;
  tag: string;
  incidentId: string;
  /** Only items older than this many days ('' = any age). */
  olderThanDays: string;
  /** A tracker kind, 'none' (not linked yet) or '' (any). */
  tracker: '' | 'none' | TrackerKind;
}

export const emptyTriageFilter: TriageFilterState = { team: '', tag: '', incidentId: '', olderThanDays: '', tracker: '' };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The API filter for the triage list: open, unassigned items, narrowed by the controls. */
export function triageFilter(state: TriageFilterState, now: Date): ActionItemFilter {
  const filter: ActionItemFilter = { open: true, unassigned: true };
  if (state.team.trim()) filter.teams = [state.team.trim()];
  if (state.tag.trim()) filter.tags = [state.tag.trim()];
  if (state.incidentId) filter.incidentIds = [state.incidentId];
  const days = Number.parseInt(state.olderThanDays, 10);
  if (Number.isFinite(days) && days > 0) filter.createdBefore = new Date(now.getTime() - days * DAY_MS).toISOString();
  if (state.tracker === 'none') filter.linked = false;
  else if (state.tracker) filter.trackerKinds = [state.tracker];
  return filter;
}
