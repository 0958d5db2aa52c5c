import { describe, expect, it } from 'vitest';
import { chartOption, formatDuration, isEmptyChart, openByTeam, openedVersusClosed, resolveTimeByTeam, trendRange } from './dashboardData';

describe('trendRange', () => {
  it('ends at the start of tomorrow (UTC) and stays the same all day, so the query is not asked again on every render', () => {
    const morning = trendRange(new Date('2026-12-05T00:10:00Z'), 4);
    const evening = trendRange(new Date('2026-12-05T23:50:00Z'), 4);
    expect(morning).toEqual(evening);
    expect(morning).toEqual({ from: '2026-11-08T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z' });
  });
});

describe('charts', () => {
  it('draws opened and closed side by side per week', () => {
    const data = openedVersusClosed([
      { start: '2026-11-23T00:00:00Z', open: 4, opened: 4, closed: 0 },
      { start: '2026-11-30T00:00:00Z', open: 3, opened: 1, closed: 2 },
    ]);
    expect(data.categories).toEqual(['2026-11-23', '2026-11-30']);
    expect(data.series).toEqual([
      { name: 'Opened', values: [4, 1] },
      { name: 'Closed', values: [0, 2] },
    ]);
    const option = chartOption(data) as { series: { type: string }[]; legend?: unknown };
    expect(option.series.map((s) => s.type)).toEqual(['bar', 'bar']);
    expect(option.legend).toBeDefined();
  });

  it('lists teams with open items, most first, and names the group without a team', () => {
    const data = openByTeam([
      { key: 'sre', label: 'sre', openCount: 1 },
      { key: null, label: '', openCount: 5 },
      { key: 'done', label: 'done', openCount: 0 },
    ]);
    expect(data.categories).toEqual(['No team', 'sre']);
    expect(data.series[0]!.values).toEqual([5, 1]);
  });

  it('draws a time to resolve of zero hours (resolved at once) but not a chart of zero counts', () => {
    expect(isEmptyChart(resolveTimeByTeam([{ key: 'sre', label: 'sre', medianHours: 0.01, p90Hours: 0.01 }]))).toBe(false);
    expect(isEmptyChart(resolveTimeByTeam([]))).toBe(true);
  });

  it('counts a chart of zeros as empty', () => {
    expect(isEmptyChart(openByTeam([]))).toBe(true);
    expect(isEmptyChart(openedVersusClosed([{ start: '2026-11-30T00:00:00Z', open: 0, opened: 0, closed: 0 }]))).toBe(true);
  });
});

describe('formatDuration', () => {
  it('says hours as people do', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.5)).toBe('30 min');
    expect(formatDuration(5.55)).toBe('5.6 h');
    expect(formatDuration(72)).toBe('3 days');
  });
});
