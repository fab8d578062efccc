/// <reference lib="dom" />
/** Recent backups: sortable by any column, filtered by database; restore and delete for the admin token. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import {
  formatBytes,
  formatDuration,
  formatTime,
  type SortKey,
  sortBackups,
  verificationLight,
} from './format.ts';
import type { BackupRow, DashboardData, Session } from './types.ts';
import { Badge, TableBox } from './ui.ts';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'finishedAt', label: 'Finished' },
  { key: 'id', label: 'Backup id' },
  { key: 'database', label: 'Database' },
  { key: 'kind', label: 'Kind' },
  { key: 'storedBytes', label: 'Size', numeric: true },
  { key: 'ratio', label: 'Ratio', numeric: true },
  { key: 'durationMs', label: 'Duration', numeric: true },
];

export function BackupsView({
  data,
  session,
  onRestore,
  onDelete,
}: {
  data: DashboardData;
  session: Session;
  onRestore: (row: BackupRow) => void;
  onDelete: (row: BackupRow) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; direction: 'ascending' | 'descending' }>({
    key: 'finishedAt',
    direction: 'descending',
  });
  const [database, setDatabase] = useState('');
  const databases = [...new Set(data.backups.flatMap((b) => b.databases))].sort();
  const rows = sortBackups(data.backups, sort.key, sort.direction, database);
  const admin = session.role === 'admin';
  const toggle = (key: SortKey) =>
    setSort((s) => ({
      key,
      direction: s.key === key && s.direction === 'descending' ? 'ascending' : 'descending',
    }));
  return html`<section aria-labelledby="backups-title">
    <h2 id="backups-title">Backups</h2>
    <div class="actions">
      <label for="backup-filter">Database</label>
      <select
        id="backup-filter"
        value=${database}
        onChange=${(e: Event) => setDatabase((e.target as HTMLSelectElement).value)}
      >
        <option value="">all</option>
        ${databases.map((d) => html`<option value=${d}>${d}</option>`)}
      </select>
      <span class="note" aria-live="polite">${rows.length} of ${data.backups.length} backups</span>
    </div>
    <${TableBox} label="Backups">
      <table class="backups" id="backups-table">
        <thead>
          <tr>
            ${COLUMNS.map(
              (c) => html`<th
                scope="col"
                class=${c.numeric ? 'num' : ''}
                aria-sort=${sort.key === c.key ? sort.direction : 'none'}
              >
                <button type="button" class="sort" data-sort=${c.key} onClick=${() => toggle(c.key)}>
                  ${c.label}<span aria-hidden="true">${sort.key === c.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>`,
            )}
            <th scope="col">Verification</th>
            ${admin ? html`<th scope="col">Actions</th>` : null}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr key=${row.id} data-backup=${row.id}>
              <td>${formatTime(row.finishedAt)}</td>
              <td><code>${row.id}</code></td>
              <td>${row.databases.join(', ')}</td>
              <td>${row.kind}</td>
              <td class="num">${formatBytes(row.storedBytes)}</td>
              <td class="num">${row.compressionRatio === null ? '—' : `${row.compressionRatio}×`}</td>
              <td class="num">${formatDuration(row.durationMs)}</td>
              <td><${Badge} ...${verificationLight(row.verification)} /></td>
              ${
                admin
                  ? html`<td class="row-actions">
                    <button type="button" onClick=${() => onRestore(row)} aria-label=${`Restore ${row.id}`}>
                      Restore…
                    </button>
                    <button type="button" class="danger" onClick=${() => onDelete(row)} aria-label=${`Delete ${row.id}`}>
                      Delete…
                    </button>
                  </td>`
                  : null
              }
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
    ${rows.length === 0 ? html`<p class="empty">No backups${database ? ` of ${database}` : ''}.</p>` : null}
  </section>`;
}
