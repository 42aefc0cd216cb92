import { lazy, Suspense } from 'react';
import type { ChartProps } from './chart';

// uPlot loads with the first chart drawn, not with the first page's script.
const Chart = lazy(() => import('./chart').then((module) => ({ default: module.Chart })));

/** `Chart`, fetched on first use; its box keeps its height meanwhile so nothing jumps. */
export function LazyChart(props: ChartProps) {
  return (
    <Suspense fallback={<div className={props.className} style={{ height: props.height }} aria-hidden />}>
      <Chart {...props} />
    </Suspense>
  );
}
