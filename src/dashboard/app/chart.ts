/// <reference lib="dom" />
/** A measure over time against its target (uPlot on a canvas), with a text summary for screen readers. */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartPoint {
  /** Seconds since the epoch. */
  at: number;
  value: number | null;
  target: number;
}

const MEASURE = '#1f5fbf';
const TARGET = '#b42318';

export function TargetChart({
  id,
  title,
  unit,
  points,
  summary,
}: {
  id: string;
  title: string;
  unit: string;
  points: ChartPoint[];
  summary: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const width = () => Math.max(260, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 220,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(max, min, 1) * 1.15] } },
        axes: [{}, { label: unit, size: 56 }],
        series: [
          {},
          { label: title, stroke: MEASURE, width: 2, points: { show: true, size: 7, fill: MEASURE } },
          { label: 'target', stroke: TARGET, width: 2, dash: [6, 4], points: { show: false } },
        ],
      },
      [points.map((p) => p.at), points.map((p) => p.value), points.map((p) => p.target)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, title, unit]);
  return html`<figure class="chart" id=${id}>
    <figcaption>${title}</figcaption>
    ${
      points.length === 0
        ? html`<p class="empty">No drills yet.</p>`
        : html`<div ref=${box} role="img" aria-label=${summary}></div>`
    }
    <p class="note">${summary}</p>
  </figure>`;
}
