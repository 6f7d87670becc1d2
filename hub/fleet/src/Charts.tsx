/**
 * The dashboard's charts, drawn by Chart.js (only the parts used are registered, so the bundle
 * carries bars and their scales, nothing else). Each chart is a canvas with role="img" and a label
 * that says what it shows; the same figures are in a table beside it, which is what a screen
 * reader reads. Colours are the design tokens', read from the page's CSS; no animation, so a
 * chart is drawn as it is at once (and a screenshot shows it whole). The dashboard loads this
 * module on its own (a chunk of its own), so the rest of the page does not wait for Chart.js.
 */
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { token } from './tokens.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

export function BarChart({
  labels,
  series,
  label,
  stacked = false,
  horizontal = false,
  tall = false,
}: {
  labels: string[];
  series: Series[];
  /** What the chart shows, for those who cannot see it. */
  label: string;
  stacked?: boolean;
  horizontal?: boolean;
  /** Room for many bars (a list of reasons). */
  tall?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const ink = token('--ink');
    const line = token('--line');
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.color,
          borderWidth: 0,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        color: ink,
        font: { family: token('--font-family') },
        scales: {
          x: { stacked, ticks: { color: ink }, grid: { color: line } },
          y: { stacked, ticks: { color: ink, precision: 0 }, grid: { color: line }, beginAtZero: true },
        },
        plugins: { legend: { display: series.length > 1, labels: { color: ink } } },
      },
    };
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [labels, series, stacked, horizontal]);

  return (
    <div className={tall ? 'chart chart-tall' : 'chart'}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
