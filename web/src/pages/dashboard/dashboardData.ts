/** The dashboard's pure logic: the time range it asks for and the chart options it draws (tested on its own). */

/** One series the charts draw: a label per category and one value per label. */
export interface Series {
  name: string;
  values: (number | null)[];
}

export interface ChartData {
  /** What the categories are (the data table's first column): "Week of", "Team", "Age". */
  categoryName: string;
  categories: string[];
  series: Series[];
  /** `line` for a trend, `bar` for counts side by side. */
  kind: 'line' | 'bar';
  /** Stack the series (e.g. opened above closed would mislead, so only where the sum means something). */
  stacked?: boolean;
  /** What the values measure, shown on the value axis (e.g. "hours"). */
  unit?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The range the trend charts ask for: `weeks` whole weeks back from today, up to the start of tomorrow (UTC).
 * Both ends stay the same all day long, so re-rendering never changes the query's variables (which would ask again);
 * the API aligns the buckets to ISO weeks itself (api/ActionItems.Application/Stats/ActionItemStats.cs).
 */
export function trendRange(now: Date, weeks: number): { from: string; to: string } {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const to = new Date(startOfToday + DAY_MS);
  const from = new Date(to.getTime() - weeks * 7 * DAY_MS);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** "2026-11-30" for a bucket that starts then: the week's Monday, as the API aligns it. */
export function bucketLabel(start: string): string {
  return start.slice(0, 10);
}

export interface TrendPoint {
  start: string;
  open: number;
  opened: number;
  closed: number;
}

export function openOverTime(points: readonly TrendPoint[]): ChartData {
  return {
    kind: 'line',
    categoryName: 'Week of',
    categories: points.map((p) => bucketLabel(p.start)),
    series: [{ name: 'Open items', values: points.map((p) => p.open) }],
  };
}

export function openedVersusClosed(points: readonly TrendPoint[]): ChartData {
  return {
    kind: 'bar',
    categoryName: 'Week of',
    categories: points.map((p) => bucketLabel(p.start)),
    series: [
      { name: 'Opened', values: points.map((p) => p.opened) },
      { name: 'Closed', values: points.map((p) => p.closed) },
    ],
  };
}

export function ageBuckets(buckets: readonly { label: string; count: number }[]): ChartData {
  return {
    kind: 'bar',
    categoryName: 'Age',
    categories: buckets.map((b) => b.label),
    series: [{ name: 'Open items', values: buckets.map((b) => b.count) }],
  };
}

/** Teams with open items, most first; a group without a team is called "No team" rather than left blank. */
export function openByTeam(groups: readonly { label: string; key?: string | null; openCount: number }[]): ChartData {
  const withOpen = groups.filter((g) => g.openCount > 0).sort((a, b) => b.openCount - a.openCount);
  return {
    kind: 'bar',
    categoryName: 'Team',
    categories: withOpen.map((g) => (g.key == null ? 'No team' : g.label)),
    series: [{ name: 'Open items', values: withOpen.map((g) => g.openCount) }],
  };
}

export function resolveTimeByTeam(
  groups: readonly { label: string; key?: string | null; medianHours?: number | null; p90Hours?: number | null }[],
): ChartData {
  return {
    kind: 'bar',
    unit: 'hours',
    categoryName: 'Team',
    categories: groups.map((g) => (g.key == null ? 'No team' : g.label)),
    series: [
      { name: 'Median', values: groups.map((g) => roundHours(g.medianHours)) },
      { name: '90th percentile', values: groups.map((g) => roundHours(g.p90Hours)) },
    ],
  };
}

function roundHours(hours: number | null | undefined): number | null {
  return hours == null ? null : Math.round(hours * 10) / 10;
}

/** Hours as people say them: "40 min", "5.5 h", "3.2 days"; "—" when there is nothing resolved to measure. */
export function formatDuration(hours: number | null | undefined): string {
  if (hours == null) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/**
 * True when a chart would have nothing to draw: the page then says so instead. A count of zero is nothing, but a
 * measure (a unit, e.g. hours) of zero is a figure: an item resolved minutes after it was opened takes 0.0 h.
 */
export function isEmptyChart(data: ChartData): boolean {
  if (data.categories.length === 0) return true;
  return data.unit == null && data.series.every((s) => s.values.every((v) => v == null || v === 0));
}

/** The ECharts option for one chart (kept free of ECharts' types so this module loads without it). */
export function chartOption(data: ChartData): Record<string, unknown> {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: data.series.length > 1 ? 36 : 16, bottom: 56 },
    tooltip: { trigger: 'axis' },
    legend: data.series.length > 1 ? { top: 0 } : undefined,
    xAxis: { type: 'category', data: data.categories, axisLabel: { hideOverlap: true, rotate: data.categories.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: data.unit, minInterval: data.unit ? undefined : 1 },
    series: data.series.map((s) => ({
      name: s.name,
      type: data.kind,
      data: s.values,
      stack: data.stacked ? 'total' : undefined,
      showSymbol: data.kind === 'line' ? data.categories.length <= 30 : undefined,
    })),
  };
}
