/// <reference lib="dom" />
/**
 * The dashboard's root: sign-in, the data every view shares (refreshed every 15 s and after each job), hash
 * routes (`#/`, `#/backups`, `#/drills`, `#/drills/<id>`), and the jobs started from this page, followed to
 * their end.
 */
import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, storedToken, storeToken } from './api.ts';
import { BackupsView } from './backups.ts';
import { type AdminAction, ConfirmDialog } from './confirm-dialog.ts';
import { DrillReportView } from './drill-report.ts';
import { DrillsView } from './drills.ts';
import { formatTime } from './format.ts';
import { LoginForm } from './login.ts';
import { JobLine, Overview } from './overview.ts';
import type { BackupRow, DashboardData, DrillReport, Job, Schedule, Session, Status } from './types.ts';

const REFRESH_MS = 15_000;
const POLL_MS = 1000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

const describe = (error: unknown): string => {
  if (error instanceof ApiError) {
    if (error.status === 401)
      return 'That token was not accepted (UNAUTHORIZED). Check API_TOKEN or ADMIN_TOKEN.';
    return `${error.message} (${error.code})`;
  }
  return String(error);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loadAll(token: string): Promise<DashboardData> {
  const [status, backups, drills, schedules, jobs] = await Promise.all([
    api<Status>(token, '/status'),
    api<BackupRow[]>(token, '/backups'),
    api<DrillReport[]>(token, '/drills'),
    api<Schedule[]>(token, '/schedules'),
    api<Job[]>(token, '/jobs'),
  ]);
  return { status, backups, drills, schedules, jobs };
}

function NavLink({ href, label, current }: { href: string; label: string; current: boolean }) {
  return html`<a href=${href} aria-current=${current ? 'page' : undefined}>${label}</a>`;
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(false);
  const [loginError, setLoginError] = useState<string | null>(null);
  const [data, setData] = useState<DashboardData | null>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [route, setRoute] = useState(location.hash || '#/');
  const [followed, setFollowed] = useState<Job[]>([]);
  const [adminAction, setAdminAction] = useState<AdminAction | null>(null);
  const [busy, setBusy] = useState(false);

  const signOut = useCallback((reason: string | null) => {
    storeToken(null);
    setSession(null);
    setData(null);
    setLoginError(reason);
  }, []);

  const signIn = useCallback(async (token: string) => {
    setChecking(true);
    try {
      const who = await api<{ role: 'read' | 'admin' }>(token, '/whoami');
      storeToken(token);
      setLoginError(null);
      setSession({ token, role: who.role });
    } catch (e) {
      signOut(describe(e));
    } finally {
      setChecking(false);
    }
  }, []);

  const load = useCallback(async () => {
    if (!session) return;
    try {
      setData(await loadAll(session.token));
      setLoadedAt(new Date().toISOString());
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) signOut(describe(e));
      else setError(describe(e));
    }
  }, [session]);

  useEffect(() => {
    const token = storedToken();
    if (token) void signIn(token);
    const onHash = () => setRoute(location.hash || '#/');
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!session) return;
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [session, load]);

  /** Polls a job until it ends, showing each state; the data is reloaded while it runs and at its end. */
  const follow = useCallback(
    async (job: Job) => {
      if (!session) return;
      let current = job;
      const show = (j: Job) => setFollowed((list) => [j, ...list.filter((x) => x.id !== j.id)].slice(0, 3));
      show(current);
      while (!FINISHED.has(current.status)) {
        await sleep(POLL_MS);
        try {
          current = await api<Job>(session.token, `/jobs/${encodeURIComponent(current.id)}`);
        } catch (e) {
          setError(describe(e));
          return;
        }
        show(current);
      }
      await load();
    },
    [session, load],
  );

  const start = useCallback(
    async (path: string, body: unknown, method: 'POST' | 'DELETE' = 'POST') => {
      if (!session) return;
      setBusy(true);
      try {
        const answer = await api<{ job: Job }>(session.token, path, { method, body });
        setBusy(false);
        await follow(answer.job);
      } catch (e) {
        setError(describe(e));
      } finally {
        setBusy(false);
      }
    },
    [session, follow],
  );

  if (!session) return html`<${LoginForm} onSubmit=${signIn} error=${loginError} busy=${checking} />`;

  const reportId = /^#\/drills\/(.+)$/.exec(route)?.[1];
  const view = reportId
    ? 'report'
    : route === '#/backups'
      ? 'backups'
      : route === '#/drills'
        ? 'drills'
        : 'overview';
  let body: unknown = html`<p aria-busy="true">Loading…</p>`;
  if (reportId) body = html`<${DrillReportView} token=${session.token} id=${decodeURIComponent(reportId)} />`;
  else if (data && view === 'backups')
    body = html`<${BackupsView}
      data=${data}
      session=${session}
      onRestore=${(row: BackupRow) => setAdminAction({ kind: 'restore', row })}
      onDelete=${(row: BackupRow) => setAdminAction({ kind: 'delete', row })}
    />`;
  else if (data && view === 'drills') body = html`<${DrillsView} drills=${data.drills} />`;
  else if (data)
    body = html`<${Overview}
      data=${data}
      busy=${busy}
      onBackup=${() => start('/backups', {})}
      onDrill=${(database: string) => start('/drills', database ? { database } : {})}
    />`;

  return html`<a class="skip" href="#main" onClick=${(e: Event) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  }}>Skip to content</a>
    <header class="top">
      <h1>db-backup</h1>
      <nav aria-label="Views">
        <${NavLink} href="#/" label="Overview" current=${view === 'overview'} />
        <${NavLink} href="#/backups" label="Backups" current=${view === 'backups'} />
        <${NavLink} href="#/drills" label="Drills" current=${view === 'drills' || view === 'report'} />
      </nav>
      <div class="session">
        <span class="role" id="role">${session.role === 'admin' ? 'admin' : 'read-only'}</span>
        <button type="button" onClick=${() => load()}>Refresh</button>
        <button type="button" id="sign-out" onClick=${() => signOut(null)}>Sign out</button>
      </div>
    </header>
    <main id="main" tabindex="-1">
      ${error ? html`<p class="error" role="alert" id="load-error">${error}</p>` : null}
      <div aria-live="polite">
        ${
          followed.length
            ? html`<section class="followed" aria-label="Jobs started here">
              <ul class="jobs" id="followed-jobs">${followed.map((j) => html`<${JobLine} key=${j.id} job=${j} />`)}</ul>
            </section>`
            : null
        }
      </div>
      ${body}
      ${loadedAt ? html`<p class="note updated">Updated ${formatTime(loadedAt)} · ${data?.status.storage ?? ''}</p>` : null}
    </main>
    ${
      adminAction
        ? html`<${ConfirmDialog}
          action=${adminAction}
          onCancel=${() => setAdminAction(null)}
          onRestore=${(backupId: string, targetDatabase: string) => {
            setAdminAction(null);
            void start('/restores', { backupId, targetDatabase, confirm: targetDatabase });
          }}
          onDelete=${(id: string) => {
            setAdminAction(null);
            void start(
              `/backups/${encodeURIComponent(id)}?confirm=${encodeURIComponent(id)}`,
              undefined,
              'DELETE',
            );
          }}
        />`
        : null
    }`;
}
