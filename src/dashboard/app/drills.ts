/// <reference lib="dom" />
/** Drills: the last verdict per database, RTO and RPO over time against their targets, every report. */
import { html } from 'htm/preact';
import { useMemo } from 'preact/hooks';
import { type ChartPoint, TargetChart } from './chart.ts';
import { drillSubject, drillVerdict, formatMinutes, formatTime, lastDrillPerDatabase } from './format.ts';
import type { DrillReport } from './types.ts';
import { Badge, TableBox } from './ui.ts';

const reportLink = (r: DrillReport) => `#/drills/${encodeURIComponent(r.drill_id)}`;

function measure(value: number | null, target: number, met: boolean) {
  if (value === null) return '—';
  return html`${formatMinutes(value)} <span class="note">/ ${formatMinutes(target)}</span>${met ? '' : html` <strong class="miss">over target</strong>`}`;
}

function summaryOf(what: string, points: ChartPoint[]): string {
  const measured = points.filter((p) => p.value !== null);
  if (measured.length === 0) return `No ${what} measured yet.`;
  const over = measured.filter((p) => p.value! > p.target).length;
  const last = measured.at(-1)!;
  return `${measured.length} drills; latest ${what} ${formatMinutes(last.value!)} against a target of ${formatMinutes(last.target)}; ${over} over target.`;
}

export function DrillsView({ drills }: { drills: DrillReport[] }) {
  const last = lastDrillPerDatabase(drills);
  const oldestFirst = useMemo(
    () => [...drills].sort((a, b) => Date.parse(a.drill_timestamp) - Date.parse(b.drill_timestamp)),
    [drills],
  );
  const rto = useMemo(
    () =>
      oldestFirst.map((r) => ({
        at: Date.parse(r.drill_timestamp) / 1000,
        value: r.restore_duration_minutes,
        target: r.rto_target_minutes,
      })),
    [oldestFirst],
  );
  const rpo = useMemo(
    () =>
      oldestFirst.map((r) => ({
        at: Date.parse(r.drill_timestamp) / 1000,
        value: r.backup_age_minutes,
        target: r.rpo_target_minutes,
      })),
    [oldestFirst],
  );
  return html`<section aria-labelledby="last-drills-title">
      <h2 id="last-drills-title">Last drill per database</h2>
      ${
        last.length === 0
          ? html`<p class="empty">No drills yet. Start one with “Run drill now” on the overview.</p>`
          : html`<${TableBox} label="Last drill per database">
            <table id="last-drills">
              <thead>
                <tr>
                  <th scope="col">Database</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">When</th>
                  <th scope="col">RPO (backup age / target)</th>
                  <th scope="col">RTO (restore / target)</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                ${last.map(
                  (r) => html`<tr key=${r.drill_id} data-drill=${r.drill_id}>
                    <th scope="row">${drillSubject(r)}</th>
                    <td><${Badge} ...${drillVerdict(r.status)} /></td>
                    <td>${formatTime(r.drill_timestamp)}</td>
                    <td>${measure(r.backup_age_minutes, r.rpo_target_minutes, r.rpo_compliant)}</td>
                    <td>${measure(r.restore_duration_minutes, r.rto_target_minutes, r.rto_compliant)}</td>
                    <td><a href=${reportLink(r)}>Open report</a></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          <//>`
      }
    </section>
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">RTO and RPO over time</h2>
      <div class="charts">
        <${TargetChart}
          id="rto-chart"
          title="RTO: restore duration"
          unit="minutes"
          points=${rto}
          summary=${summaryOf('RTO', rto)}
        />
        <${TargetChart}
          id="rpo-chart"
          title="RPO: backup age at drill time"
          unit="minutes"
          points=${rpo}
          summary=${summaryOf('RPO', rpo)}
        />
      </div>
    </section>
    <section aria-labelledby="all-drills-title">
      <h2 id="all-drills-title">All drills</h2>
      <ul class="drill-list">
        ${drills.map(
          (r) => html`<li key=${r.drill_id}>
            <a href=${reportLink(r)}>${formatTime(r.drill_timestamp)} · ${drillSubject(r)}</a>
            <${Badge} ...${drillVerdict(r.status)} />
          </li>`,
        )}
      </ul>
    </section>`;
}
