import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cn } from '../../lib/cn';

export interface ChartSeries {
  readonly label: string;
  /** One value per x; null leaves a gap. */
  readonly values: readonly (number | null)[];
  /** A CSS colour or a theme variable (`var(--color-primary)`), read when the chart is drawn. */
  readonly color: string;
}

export interface ChartProps {
  /** Seconds since the epoch, increasing. */
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly height: number;
  /** What the chart shows, for screen readers (the figures are also written out beside it). */
  readonly label: string;
  /** Fixed top of the y axis (100 for percentages); absent: fit the data. */
  readonly yMax?: number;
  readonly className?: string;
}

/** `var(--color-x)` → its value now (uPlot draws on a canvas, which cannot read CSS variables). */
function cssColor(color: string, element: Element): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
  return variable ? getComputedStyle(element).getPropertyValue(variable).trim() || '#888' : color;
}

/**
 * A small time-series chart (uPlot: a few kilobytes, fast with live data): no axes or legend, a
 * line and a light fill per series, redrawn in place when new points arrive, resized with its box.
 * Decorative for assistive technology: `label` names it, the figures are in the page's text.
 */
export function Chart({ x, series, height, label, yMax, className }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${series.length}:${series.map((s) => s.color).join(',')}:${yMax ?? ''}`;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 40),
      height,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: true }, y: { range: (_u, min, max) => [0, yMax ?? Math.max(1, max * 1.15, min)] } },
      series: [
        {},
        ...series.map((s) => {
          const stroke = cssColor(s.color, element);
          return { label: s.label, stroke, width: 1.5, fill: `${stroke}22`, points: { show: false } };
        }),
      ],
    };
    const instance = new uPlot(options, [[], ...series.map(() => [])], element);
    plot.current = instance;
    const resize = new ResizeObserver(() => instance.setSize({ width: Math.max(element.clientWidth, 40), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.destroy();
      plot.current = null;
    };
    // Rebuilt only when the kind of chart changes; new points go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData([[...x], ...series.map((s) => [...s.values])] as uPlot.AlignedData);
  }, [x, series, shape]);

  return <div ref={box} className={cn('w-full', className)} role="img" aria-label={label} data-testid="chart" />;
}
