import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Colour-blind-safe series colours (Okabe–Ito), dark enough on white. */
export const SERIES_COLOURS = ['#0b4f6c', '#b4530b', '#17663a', '#7a3d8c', '#8a6d00', '#b3261e', '#3b5d99'];

interface Props {
  /** Category names (bars) or YYYY-MM-DD days (lines). */
  labels: string[];
  /** Lines: one per series; bars: the first series only. */
  series: { label: string; values: (number | null)[] }[];
  kind: 'bars' | 'lines';
  /** What the chart shows, for screen readers (the table beside it has the figures). */
  title: string;
  height?: number;
  /** A fixed y range (shares in %). */
  yRange?: [number, number];
}

/**
 * A uPlot chart: lines over days, or grouped bars over categories (x is the
 * category's index, its axis shows the name). The canvas is decorative for
 * assistive technology: the accessible table next to it carries the data.
 */
export function ReportChart({ labels, series, kind, title, height = 220, yRange }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !labels.length) return;
    const xs = labels.map((_, i) => i);
    const n = series.length;
    // One measure per bar chart: several would need grouped bars, which the tables show better.
    const bars = uPlot.paths.bars!({ size: [0.6, 60], align: 0 });
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      legend: { show: n > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: kind === 'bars' ? [-0.5, labels.length - 0.5] : undefined }, ...(yRange ? { y: { range: yRange } } : {}) },
      axes: [
        {
          stroke: '#1b2430',
          grid: { show: false },
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) && labels[v] !== undefined ? short(labels[v], kind) : '')),
          incrs: [1],
        },
        { stroke: '#1b2430', grid: { stroke: '#d5dbe1' } },
      ],
      series: [
        {},
        ...(kind === 'bars' ? series.slice(0, 1) : series).map((s, i) => ({
          label: s.label,
          stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
          fill: kind === 'bars' ? SERIES_COLOURS[i % SERIES_COLOURS.length] : undefined,
          width: kind === 'bars' ? 0 : 2,
          paths: kind === 'bars' ? bars : undefined,
          points: { show: kind === 'lines' && labels.length < 40 },
        })),
      ],
    };
    const shown = kind === 'bars' ? series.slice(0, 1) : series;
    const plot = new uPlot(opts, [xs, ...shown.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [labels, series, kind, height, yRange]);
  if (!labels.length) return <p class="muted small">Belum ada data pada periode ini.</p>;
  return <div class="report-chart" ref={box} role="img" aria-label={title} />;
}

function short(label: string, kind: 'bars' | 'lines'): string {
  if (kind === 'lines' && /^\d{4}-\d\d-\d\d$/.test(label)) return `${label.slice(8, 10)}/${label.slice(5, 7)}`;
  return label.length > 14 ? `${label.slice(0, 13)}…` : label;
}
