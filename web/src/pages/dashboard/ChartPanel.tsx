import { lazy, Suspense, useMemo } from 'react';
import { Empty, Loading } from '../../components/States';
import { chartOption, isEmptyChart, type ChartData } from './dashboardData';

// ECharts is big: it loads only when the first chart is about to be drawn, never with the app's first page.
const EChart = lazy(() => import('./EChart'));

/**
 * One dashboard chart with a heading, an empty state, and its figures as a table under "Data" (what a screen reader
 * or a copy-paste needs; a canvas says nothing).
 */
export function ChartPanel({ title, data, emptyText }: { title: string; data: ChartData; emptyText: string }) {
  const option = useMemo(() => chartOption(data), [data]);
  const headingId = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <figure className="chart-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {isEmptyChart(data) ? (
        <Empty>{emptyText}</Empty>
      ) : (
        <>
          <Suspense fallback={<Loading what="Loading the chart" />}>
            <EChart option={option} label={title} />
          </Suspense>
          <details>
            <summary>Data</summary>
            <table aria-label={`${title} data`}>
              <thead>
                <tr>
                  <th scope="col">{data.categoryName}</th>
                  {data.series.map((s) => (
                    <th key={s.name} scope="col">
                      {s.name}
                      {data.unit ? ` (${data.unit})` : ''}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.categories.map((category, index) => (
                  <tr key={category}>
                    <th scope="row">{category}</th>
                    {data.series.map((s) => (
                      <td key={s.name}>{s.values[index] ?? '—'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
