/// <reference lib="dom" />
/** One drill report as a page, and the same report as a JSON download (the published report format). */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { drillVerdict, formatBytes, formatDuration, formatMinutes, formatTime } from './format.ts';
import type { DrillReport } from './types.ts';
import { Badge, TableBox } from './ui.ts';

const CHECK_LIGHT = { pass: 'green', fail: 'red', skip: 'amber' } as const;

/** Saves `report` as `<drill id>.json` through a temporary object URL (no server round trip, no token in a URL). */
function download(report: DrillReport): void {
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = `${report.drill_id}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `measure against target: met|missed` as one string (htm drops the spaces around line breaks in markup). */
const target = (value: number | null, goal: number, met: boolean) =>
  `${value === null ? '—' : formatMinutes(value)} against ${formatMinutes(goal)}: ${met ? 'met' : 'missed'}`;

export function DrillReportView({ token, id }: { token: string; id: string }) {
  const [report, setReport] = useState<DrillReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setReport(null);
    setError(null);
    api<DrillReport>(token, `/drills/${encodeURIComponent(id)}`)
      .then(setReport)
      .catch((e: Error & { code?: string }) => setError(`${e.code ?? 'ERROR'}: ${e.message}`));
  }, [token, id]);
  if (error)
    return html`<p class="error" role="alert">${error}</p><p><a href="#/drills">Back to drills</a></p>`;
  if (!report) return html`<p aria-busy="true">Loading the report…</p>`;
  const verdict = drillVerdict(report.status);
  return html`<article aria-labelledby="report-title" class="report" data-report=${report.drill_id}>
    <p><a href="#/drills">← All drills</a></p>
    <h2 id="report-title">
      ${
        report.pitr
          ? `Point-in-time drill to ${report.pitr.target_time ? formatTime(report.pitr.target_time) : 'the newest archived WAL'}`
          : `Drill of ${report.database ?? 'the latest backup'}`
      }, ${formatTime(report.drill_timestamp)}
    </h2>
    <div class="actions">
      <${Badge} ...${verdict} />
      <button type="button" id="download-report" onClick=${() => download(report)}>Download JSON</button>
    </div>
    ${report.error ? html`<p class="error">${report.error.code}: ${report.error.message}</p>` : null}
    <dl class="facts">
      <dt>Drill id</dt><dd><code>${report.drill_id}</code></dd>
      <dt>Backup</dt><dd><code>${report.backup_id ?? '—'}</code> (${formatTime(report.backup_finished_at)})</dd>
      ${
        report.pitr
          ? html`<dt>Point in time</dt>
              <dd>
                ${`target ${report.pitr.target}${report.pitr.target_time ? ` (${formatTime(report.pitr.target_time)})` : ''}; recovered to ${formatTime(report.pitr.recovered_to)}; newest archived WAL ${report.pitr.newest_wal ?? '—'}${report.pitr.window ? `; window ${formatTime(report.pitr.window.earliest)} → ${formatTime(report.pitr.window.latest)}` : ''}`}
              </dd>`
          : null
      }
      <dt>RPO</dt>
      <dd>${target(report.backup_age_minutes, report.rpo_target_minutes, report.rpo_compliant)}</dd>
      <dt>RTO</dt>
      <dd>${target(report.restore_duration_minutes, report.rto_target_minutes, report.rto_compliant)}</dd>
      <dt>Restored into</dt>
      <dd>${`${report.scratch.database} on ${report.scratch.location}${report.scratch.dropped ? ' (dropped afterwards)' : ''}`}</dd>
      <dt>Restored</dt>
      <dd>
        ${`${formatBytes(report.measures.restored_bytes)} from ${formatBytes(report.measures.stored_bytes)} stored; ${report.measures.tables_checked} tables, ${report.measures.rows_checked} rows checked`}
      </dd>
      <dt>Timings</dt>
      <dd>
        ${`fetch and verify ${formatDuration(report.timings_ms.fetch_and_verify)}, restore ${formatDuration(report.timings_ms.restore)}, checks ${formatDuration(report.timings_ms.checks)}, total ${formatDuration(report.timings_ms.total)}`}
      </dd>
      <dt>Environment</dt>
      <dd>
        ${Object.entries(report.environment)
          .map(([k, v]) => `${k.replaceAll('_', ' ')}: ${v ?? '—'}`)
          .join(' · ')}
      </dd>
    </dl>
    <h3>Checks</h3>
    <${TableBox} label="Checks">
      <table id="report-checks">
        <thead>
          <tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Details</th></tr>
        </thead>
        <tbody>
          ${report.checks.map(
            (c, i) => html`<tr key=${i}>
              <td>${c.name}</td>
              <td><${Badge} light=${CHECK_LIGHT[c.status]} label=${c.status} /></td>
              <td>${c.details}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
  </article>`;
}
