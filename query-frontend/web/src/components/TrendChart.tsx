import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TrendLine {
  label: string;
  values: ReadonlyArray<number | null>;
  color: string;
  width?: number;
  /** points only, no line: for marking spikes */
  pointsOnly?: boolean;
}

export interface TrendChartProps {
  /** bucket starts, epoch milliseconds */
  times: readonly number[];
  lines: readonly TrendLine[];
  height?: number;
}

/** Time series on a canvas (uPlot: thousands of points without a slowdown), sized to its box. */
export function TrendChart({ times, lines, height = 280 }: TrendChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...lines.map((l) => [...l.values])];
    const options: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      scales: { x: { time: true } },
      axes: [{}, { label: 'errors', size: 60 }],
      legend: { live: true },
      series: [
        { label: 'time (UTC)', value: (_u, v) => (v === null ? '' : new Date(v * 1000).toISOString().slice(0, 16).replace('T', ' ')) },
        ...lines.map(
          (l): uPlot.Series => ({
            label: l.label,
            stroke: l.color,
            width: l.pointsOnly ? 0 : (l.width ?? 1),
            points: l.pointsOnly ? { show: true, size: 10, stroke: l.color, fill: l.color } : { show: false },
            spanGaps: !l.pointsOnly,
          }),
        ),
      ],
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    };
    const chart = new uPlot(options, data, el);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, lines, height]);

  return <div ref={box} className="trend-chart" data-testid="trend-chart" />;
}
