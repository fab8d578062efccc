/**
 * The routes of `/healthz`, `/metrics` and `/api/v1`. Handlers validate bodies (clear 400s), call the daemon's
 * job queue or read the repository through the core, and never return a secret (responses pass `redact`).
 */
import { z } from 'zod';
import { listDrillReports } from '../../core/drill/drill-reports.ts';
import { readAuditLog } from '../../core/repository/audit-log.ts';
import { latestVerification, readManifest } from '../../core/repository/catalog.ts';
import { parsePitrTarget } from '../../core/restore/pitr-plan.ts';
import { repositoryStatus, summarizeRepository } from '../../core/status/summarize.ts';
import { DASHBOARD_FILES, loadDashboardFiles } from '../../dashboard/serve.ts';
import type { Daemon } from '../daemon.ts';
import { pitrDrillTarget, restoreTarget } from '../job-runners.ts';
import { DEFAULT_PAGE_SIZE, parsePageRequest, renderBackupPage } from './backup-pages.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { HttpError, PreparedBody, type RequestContext, type Route } from './server.ts';

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

const BackupRequest = z.object({ databases: z.array(z.string().min(1)).min(1).optional() }).strict();
const DrillRequest = z
  .object({
    database: z.string().min(1).optional(),
    pitr: z.boolean().default(false),
    targetTime: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.pitr || r.targetTime === undefined, {
    message: 'targetTime needs "pitr": true (a logical drill restores its backup whole)',
    path: ['targetTime'],
  });

/** `latest`, `random`, or an ISO time normalised to UTC; a 400 naming the field otherwise. */
function pitrTargetOf(targetTime: string | undefined): string {
  if (targetTime === undefined || targetTime === 'latest' || targetTime === 'random')
    return targetTime ?? 'latest';
  try {
    return (parsePitrTarget({ time: targetTime }) as { time: Date }).time.toISOString();
  } catch {
    throw new HttpError(
      400,
      'INVALID_TARGET_TIME',
      `targetTime ${JSON.stringify(targetTime)} is not a time: use latest, random, or ISO 8601 with a zone (2026-11-22T14:05:00Z)`,
    );
  }
}
const CleanupRequest = z.object({ apply: z.boolean().default(false) }).strict();
const RestoreRequest = z
  .object({
    backupId: z.string().min(1),
    targetDatabase: z.string().min(1),
    confirm: z.string().describe('Must repeat targetDatabase'),
  })
  .strict()
  .refine((r) => r.confirm === r.targetDatabase, {
    message: 'confirm must repeat targetDatabase exactly',
    path: ['confirm'],
  });

const accepted = (job: { id: string }, created: boolean): [number, unknown] => [
  202,
  { job, created, poll: `/api/v1/jobs/${job.id}` },
];

/** The dashboard's page and assets: open (they hold no data; the page asks the API with the user's token). */
function dashboardRoutes(): Route[] {
  let files: ReturnType<typeof loadDashboardFiles>;
  return Object.keys(DASHBOARD_FILES).map((path) => ({
    method: 'GET' as const,
    path,
    access: 'open' as const,
    handle: async () => {
      files ??= loadDashboardFiles();
      const file = files?.get(path);
      if (!file)
        throw new HttpError(404, 'DASHBOARD_NOT_BUILT', 'the dashboard is not built: run `npm run build`');
      return [200, new PreparedBody(file.bytes), file.contentType];
    },
  }));
}

/** Every route of the daemon's HTTP server. */
export function daemonRoutes(daemon: Daemon): Route[] {
  const { storage } = daemon;
  const get = (
    path: string,
    handle: (ctx: RequestContext) => Promise<unknown>,
    access: Route['access'] = 'read',
  ): Route => ({
    method: 'GET',
    path,
    access,
    handle: async (ctx) => [200, await handle(ctx)],
  });
  return [
    {
      method: 'GET',
      path: '/healthz',
      access: 'open',
      handle: async () => {
        const verdict = await daemon.health();
        return [
          verdict.healthy ? 200 : 503,
          { status: verdict.healthy ? 'ok' : 'unhealthy', reasons: verdict.reasons },
        ];
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      access: 'open',
      handle: async () => [200, await daemon.metrics.text(), 'text/plain; version=0.0.4; charset=utf-8'],
    },
    ...dashboardRoutes(),
    get('/api/v1/openapi.json', async () => OPENAPI_DOCUMENT, 'open'),
    get('/api/v1/whoami', async (ctx) => ({ role: ctx.role, actor: ctx.actor })),
    get('/api/v1/status', async () => ({
      ...(await repositoryStatus(storage, {
        rpoMinutes: daemon.rpoMinutes,
        manifests: (await daemon.catalog.get()).manifests,
      })),
      wal: daemon.walStatus(),
    })),
    get(
      '/api/v1/stats',
      async () =>
        summarizeRepository(
          storage.location,
          (await daemon.catalog.get()).manifests,
          new Date(),
          daemon.rpoMinutes,
        ).totals,
    ),
    get('/api/v1/storage', async () => daemon.storageUsage()),
    {
      method: 'GET',
      path: '/api/v1/backups',
      access: 'read',
      handle: async (ctx) => {
        const request = parsePageRequest(ctx.query);
        const snapshot = await daemon.catalog.get();
        if (request.database === undefined && request.limit === DEFAULT_PAGE_SIZE && request.offset === 0) {
          return [200, new PreparedBody(snapshot.firstPage.body, snapshot.firstPage.headers)];
        }
        const page = renderBackupPage(snapshot.rendered, request);
        return [200, new PreparedBody(page.body, page.headers)];
      },
    },
    get('/api/v1/backups/{id}', async (ctx) => {
      const manifest = await readManifest(storage, ctx.params.id!);
      return { manifest, verification: (await latestVerification(storage, manifest.id)) ?? null };
    }),
    get('/api/v1/drills', async () => (await listDrillReports(storage)).reverse()),
    get('/api/v1/drills/{id}', async (ctx) => {
      const report = (await listDrillReports(storage)).find((r) => r.drill_id === ctx.params.id);
      if (!report) throw new HttpError(404, 'DRILL_REPORT_NOT_FOUND', `no drill report ${ctx.params.id}`);
      return report;
    }),
    get('/api/v1/schedules', async () => daemon.scheduleViews()),
    get('/api/v1/jobs', async () => daemon.jobs.list()),
    get('/api/v1/jobs/{id}', async (ctx) => {
      const job = daemon.jobs.get(ctx.params.id!);
      if (!job)
        throw new HttpError(
          404,
          'JOB_NOT_FOUND',
          `no job ${ctx.params.id} (jobs are kept in memory until the daemon restarts)`,
        );
      return job;
    }),
    get('/api/v1/audit', async (ctx) =>
      readAuditLog(storage, Math.min(1000, Number(ctx.query.get('limit') ?? 100) || 100)),
    ),
    {
      method: 'POST',
      path: '/api/v1/backups',
      access: 'read',
      handle: async (ctx) => {
        const request = parseBody(BackupRequest, ctx.body);
        const { job, created } = daemon.submit(
          'backup',
          request.databases?.join(',') ?? 'configured',
          ctx.actor,
        );
        return accepted(job, created);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/base-backups',
      access: 'read',
      handle: async (ctx) => {
        parseBody(z.object({}).strict(), ctx.body ?? {});
        const { job, created } = daemon.submit('base-backup', 'cluster', ctx.actor);
        return accepted(job, created);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/backups/{id}/verify',
      access: 'read',
      handle: async (ctx) => {
        await readManifest(storage, ctx.params.id!);
        const { job, created } = daemon.submit('verify', ctx.params.id!, ctx.actor);
        return accepted(job, created);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/drills',
      access: 'read',
      handle: async (ctx) => {
        const request = parseBody(DrillRequest, ctx.body ?? {});
        const { job, created } = request.pitr
          ? daemon.submit(
              'pitr-drill',
              pitrDrillTarget(pitrTargetOf(request.targetTime), request.database),
              ctx.actor,
            )
          : daemon.submit('drill', request.database ?? 'configured', ctx.actor);
        return accepted(job, created);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/cleanup',
      access: 'read',
      handle: async (ctx) => {
        const request = parseBody(CleanupRequest, ctx.body);
        const { job, created } = daemon.submit('cleanup', request.apply ? 'apply' : 'dry-run', ctx.actor);
        return accepted(job, created);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/schedules/{name}/{action}',
      access: 'read',
      handle: async (ctx) => {
        const action = ctx.params.action;
        if (action !== 'enable' && action !== 'disable')
          throw new HttpError(404, 'NOT_FOUND', 'use …/enable or …/disable');
        return [200, await daemon.setScheduleEnabled(ctx.params.name!, action === 'enable', ctx.actor)];
      },
    },
    {
      method: 'POST',
      path: '/api/v1/restores',
      access: 'admin',
      handle: async (ctx) => {
        const request = parseBody(RestoreRequest, ctx.body);
        await readManifest(storage, request.backupId);
        const { job, created } = daemon.submit(
          'restore',
          restoreTarget(request.backupId, request.targetDatabase),
          ctx.actor,
        );
        return accepted(job, created);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/backups/{id}',
      access: 'admin',
      handle: async (ctx) => {
        if (ctx.query.get('confirm') !== ctx.params.id) {
          throw new HttpError(
            400,
            'CONFIRMATION_REQUIRED',
            'repeat the backup id as ?confirm=<id> to delete it',
          );
        }
        await readManifest(storage, ctx.params.id!);
        const { job, created } = daemon.submit('delete', ctx.params.id!, ctx.actor);
        return accepted(job, created);
      },
    },
  ];
}
