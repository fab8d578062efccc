/// <reference lib="dom" />
/** The first view: stat cards, the state of each database, jobs and the next scheduled runs. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import {
  drillVerdict,
  formatBytes,
  formatMinutes,
  formatTime,
  jobKindLabel,
  lastDrillPerDatabase,
  rpoLight,
  verificationLight,
} from './format.ts';
import type { DashboardData, DatabaseStatus, Job } from './types.ts';
import { Badge, StatCard, TableBox } from './ui.ts';

function StatCards({ data }: { data: DashboardData }) {
  const t = data.status.totals;
  return html`<section aria-labelledby="stats-title">
    <h2 id="stats-title">Repository</h2>
    <dl class="cards">
      <${StatCard} name="totalBackups" label="Backups" value=${String(t.totalBackups)} />
      <${StatCard} name="totalSize" label="Total size" value=${formatBytes(t.totalSizeBytes)} />
      <${StatCard} name="last24h" label="Last 24 h" value=${String(t.backupsLast24Hours)} />
      <${StatCard} name="averageDuration" label="Average duration" value=${`${t.averageDurationSeconds} s`} />
      <${StatCard} name="newest" label="Newest" value=${formatTime(t.newestBackupAt)} small />
      <${StatCard} name="oldest" label="Oldest" value=${formatTime(t.oldestBackupAt)} small />
    </dl>
  </section>`;
}

/** The PITR window of a database, from the status API once it reports WAL archiving. */
function pitrWindow(db: DatabaseStatus, data: DashboardData): string {
  const window = db.pitrWindow ?? data.status.wal?.window ?? null;
  return window ? `${formatTime(window.earliest)} → ${formatTime(window.latest)}` : 'No WAL archive';
}

function Databases({ data }: { data: DashboardData }) {
  const drills = lastDrillPerDatabase(data.drills);
  return html`<section aria-labelledby="db-title">
    <h2 id="db-title">Databases</h2>
    ${
      data.status.databases.length === 0
        ? html`<p class="empty">No backups yet. Start one with “Back up now”.</p>`
        : html`<${TableBox} label="Databases">
          <table class="databases">
            <thead>
              <tr>
                <th scope="col">Database</th>
                <th scope="col">State</th>
                <th scope="col">Newest backup</th>
                <th scope="col">Age / RPO</th>
                <th scope="col">Verification</th>
                <th scope="col">PITR window</th>
                <th scope="col">Last drill</th>
              </tr>
            </thead>
            <tbody>
              ${data.status.databases.map((db) => {
                const newest = data.backups.find((b) => b.id === db.latestBackupId);
                const drill = drills.find((d) => d.database === db.database && !d.pitr);
                const light = rpoLight(db);
                return html`<tr key=${db.database} data-database=${db.database}>
                  <th scope="row">${db.database}</th>
                  <td>
                    <${Badge} ...${light} />
                    ${
                      db.lastFailure
                        ? html`<div class="note">${db.lastFailure.code}: ${db.lastFailure.message}</div>`
                        : null
                    }
                  </td>
                  <td><code>${db.latestBackupId}</code><div class="note">${formatTime(db.latestFinishedAt)}</div></td>
                  <td>${formatMinutes(db.ageMinutes)} / ${formatMinutes(db.rpoMinutes)}</td>
                  <td>${newest ? html`<${Badge} ...${verificationLight(newest.verification)} />` : '—'}</td>
                  <td>${pitrWindow(db, data)}</td>
                  <td>
                    ${
                      drill
                        ? html`<a href=${`#/drills/${encodeURIComponent(drill.drill_id)}`}
                          ><${Badge} ...${drillVerdict(drill.status)}
                        /></a>`
                        : 'Never drilled'
                    }
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>
        <//>`
    }
  </section>`;
}

function jobLight(job: Job) {
  if (job.status === 'succeeded') return { light: 'green' as const, label: 'Succeeded' };
  if (job.status === 'failed') return { light: 'red' as const, label: 'Failed' };
  if (job.status === 'cancelled') return { light: 'amber' as const, label: 'Cancelled' };
  return { light: 'amber' as const, label: job.status === 'running' ? 'Running' : 'Queued' };
}

/** One job: what, state, progress while it runs, the error when it failed. */
export function JobLine({ job }: { job: Job }) {
  const active = job.status === 'running' || job.status === 'queued';
  return html`<li class="job" data-job=${job.id} data-status=${job.status}>
    <div class="job-head">
      <strong>${jobKindLabel(job.kind)}</strong> <span class="note">${job.target}</span> <${Badge} ...${jobLight(job)} />
    </div>
    ${
      active
        ? html`<progress aria-label=${`${jobKindLabel(job.kind)} progress`}></progress>
          <div class="note" aria-live="polite">${job.progress ?? 'waiting…'}</div>`
        : null
    }
    ${job.error ? html`<div class="error">${job.error.code}: ${job.error.message}</div>` : null}
    <div class="note">${formatTime(job.finishedAt ?? job.startedAt ?? job.createdAt)} · ${job.actor}</div>
  </li>`;
}

function Activity({
  data,
  onBackup,
  onDrill,
  busy,
}: {
  data: DashboardData;
  onBackup: () => void;
  onDrill: (database: string) => void;
  busy: boolean;
}) {
  const [drillDatabase, setDrillDatabase] = useState('');
  const active = data.jobs.filter((j) => j.status === 'running' || j.status === 'queued');
  const recent = data.jobs.filter((j) => !active.includes(j)).slice(0, 5);
  return html`<section aria-labelledby="jobs-title" class="split">
    <div>
      <h2 id="jobs-title">Jobs</h2>
      <div class="actions">
        <button type="button" id="backup-now" onClick=${onBackup} disabled=${busy}>Back up now</button>
        <label for="drill-database">Drill of</label>
        <select
          id="drill-database"
          value=${drillDatabase}
          onChange=${(e: Event) => setDrillDatabase((e.target as HTMLSelectElement).value)}
        >
          <option value="">all configured databases</option>
          ${data.status.databases.map((d) => html`<option value=${d.database}>${d.database}</option>`)}
        </select>
        <button type="button" id="drill-now" onClick=${() => onDrill(drillDatabase)} disabled=${busy}>
          Run drill now
        </button>
      </div>
      <h3>Running</h3>
      ${
        active.length
          ? html`<ul class="jobs" id="running-jobs">${active.map((j) => html`<${JobLine} key=${j.id} job=${j} />`)}</ul>`
          : html`<p class="empty">Nothing running.</p>`
      }
      <h3>Recent</h3>
      ${
        recent.length
          ? html`<ul class="jobs">${recent.map((j) => html`<${JobLine} key=${j.id} job=${j} />`)}</ul>`
          : html`<p class="empty">No jobs since the daemon started.</p>`
      }
    </div>
    <div>
      <h2 id="schedules-title">Next scheduled runs</h2>
      ${
        data.schedules.length
          ? html`<${TableBox} label="Schedules">
            <table>
              <thead>
                <tr>
                  <th scope="col">Schedule</th>
                  <th scope="col">Cron</th>
                  <th scope="col">Next run</th>
                </tr>
              </thead>
              <tbody>
                ${data.schedules.map(
                  (s) => html`<tr key=${s.name}>
                    <th scope="row">${s.name} <span class="note">${s.kind}</span></th>
                    <td><code>${s.cron}</code> <span class="note">${s.timeZone}</span></td>
                    <td>${s.enabled ? formatTime(s.nextRuns[0] ?? null) : html`<${Badge} light="amber" label="Disabled" />`}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          <//>`
          : html`<p class="empty">No schedules: set BACKUP_SCHEDULE (and DRILL_SCHEDULE) on the sidecar.</p>`
      }
    </div>
  </section>`;
}

export function Overview(props: {
  data: DashboardData;
  onBackup: () => void;
  onDrill: (database: string) => void;
  busy: boolean;
}) {
  return html`<${StatCards} data=${props.data} />
    <${Databases} data=${props.data} />
    <${Activity} ...${props} />`;
}
