/** The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json` (a test checks it lists every route). */
import { TOOL_VERSION } from '../../core/version.ts';

const json = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const job = json('The job was queued (or an identical one is already queued or running); poll `poll`', {
  type: 'object',
  properties: {
    job: { $ref: '#/components/schemas/Job' },
    created: { type: 'boolean' },
    poll: { type: 'string' },
  },
});
const errors = {
  '400': json('Invalid request', { $ref: '#/components/schemas/Error' }),
  '401': json('Missing or unknown bearer token', { $ref: '#/components/schemas/Error' }),
  '403': json('The token may not do this (restore and delete need ADMIN_TOKEN), or a cross-origin write', {
    $ref: '#/components/schemas/Error',
  }),
  '404': json('Not found', { $ref: '#/components/schemas/Error' }),
};
const read = (summary: string) => ({ get: { summary, responses: { '200': json(summary), ...errors } } });
const body = (properties: object, required: string[] = []) => ({
  required: true,
  content: {
    'application/json': { schema: { type: 'object', properties, required, additionalProperties: false } },
  },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'db-backup sidecar API',
    version: TOOL_VERSION,
    description:
      'Read the repository, start jobs, restore and delete. Authorization: Bearer API_TOKEN (read and trigger) or ADMIN_TOKEN (also restore and delete).',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
      Job: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: {
            enum: ['backup', 'base-backup', 'verify', 'drill', 'pitr-drill', 'cleanup', 'restore', 'delete'],
          },
          target: { type: 'string' },
          actor: { type: 'string' },
          status: { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
          createdAt: { type: 'string', format: 'date-time' },
          startedAt: { type: ['string', 'null'], format: 'date-time' },
          finishedAt: { type: ['string', 'null'], format: 'date-time' },
          progress: { type: ['string', 'null'] },
          result: {},
          error: { oneOf: [{ type: 'null' }, { type: 'object' }] },
        },
      },
    },
  },
  paths: {
    '/healthz': {
      get: {
        summary:
          'Health: 503 with reasons when a backup is past the RPO, the last job failed, storage is unreachable, or the WAL archive lags past the RPO or has a gap',
        security: [],
        responses: { '200': json('healthy'), '503': json('unhealthy') },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        security: [],
        responses: { '200': { description: 'Prometheus text format' } },
      },
    },
    '/api/v1/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': json('OpenAPI document') } },
    },
    '/api/v1/whoami': read('The role of the bearer token (read | admin), for clients that adapt to it'),
    '/api/v1/status': read(
      'Per database: the latest backup and its age against the RPO; totals; `wal`: PITR window, archive lag, gaps',
    ),
    '/api/v1/stats': read('Repository totals'),
    '/api/v1/storage': read('Storage location, availability and (local) usage'),
    '/api/v1/backups': {
      get: {
        summary:
          'Complete backups, newest first, a page at a time (X-Total-Count; the next page in a Link header)',
        parameters: [
          { name: 'database', in: 'query', schema: { type: 'string' } },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: { '200': json('backup rows'), ...errors },
      },
      post: {
        summary: 'Start a backup (of the given or the configured databases)',
        requestBody: body({ databases: { type: 'array', items: { type: 'string' } } }),
        responses: { '202': job, ...errors },
      },
    },
    '/api/v1/backups/{id}': {
      get: {
        summary: 'One manifest and its latest verification',
        parameters: [idParam],
        responses: { '200': json('manifest'), ...errors },
      },
      delete: {
        summary: 'Delete a backup (ADMIN_TOKEN; ?confirm=<id>)',
        parameters: [idParam, { name: 'confirm', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '202': job, ...errors },
      },
    },
    '/api/v1/base-backups': {
      post: {
        summary: 'Start a physical base backup of the cluster (for point-in-time restore)',
        responses: { '202': job, ...errors },
      },
    },
    '/api/v1/backups/{id}/verify': {
      post: { summary: 'Verify a backup', parameters: [idParam], responses: { '202': job, ...errors } },
    },
    '/api/v1/drills': {
      get: { summary: 'Drill reports, newest first', responses: { '200': json('drill reports'), ...errors } },
      post: {
        summary:
          'Start a restore drill: of the latest logical backup, or with pitr a point-in-time drill (base backup + archived WAL into a throwaway cluster, job kind pitr-drill)',
        requestBody: body({
          database: {
            type: 'string',
            description: 'Logical: drill this database; pitr: check only this database',
          },
          pitr: { type: 'boolean', default: false, description: 'Point-in-time drill, as `drill --pitr`' },
          targetTime: {
            type: 'string',
            description:
              'With pitr: latest (default, every archived WAL), random (inside the recoverable window), or an ISO 8601 time with a zone; anything else is a 400 INVALID_TARGET_TIME',
          },
        }),
        responses: { '202': job, ...errors },
      },
    },
    '/api/v1/drills/{id}': {
      get: {
        summary: 'One drill report',
        parameters: [idParam],
        responses: { '200': json('drill report'), ...errors },
      },
    },
    '/api/v1/cleanup': {
      post: {
        summary: 'Apply retention (a dry run unless apply is true)',
        requestBody: body({ apply: { type: 'boolean' } }),
        responses: { '202': job, ...errors },
      },
    },
    '/api/v1/schedules': read('Named schedules with their next runs and enabled state'),
    '/api/v1/schedules/{name}/{action}': {
      post: {
        summary: 'Enable or disable a schedule (action: enable | disable), for every replica',
        parameters: [
          { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'action', in: 'path', required: true, schema: { enum: ['enable', 'disable'] } },
        ],
        responses: { '200': json('schedules'), ...errors },
      },
    },
    '/api/v1/jobs': read('Jobs of this daemon process, newest first'),
    '/api/v1/jobs/{id}': {
      get: {
        summary: 'One job with its progress and result',
        parameters: [idParam],
        responses: { '200': json('job', { $ref: '#/components/schemas/Job' }), ...errors },
      },
    },
    '/api/v1/audit': read('Audit log entries, newest first (?limit=)'),
    '/api/v1/restores': {
      post: {
        summary: 'Restore a backup into a database (ADMIN_TOKEN; confirm repeats targetDatabase)',
        requestBody: body(
          { backupId: { type: 'string' }, targetDatabase: { type: 'string' }, confirm: { type: 'string' } },
          ['backupId', 'targetDatabase', 'confirm'],
        ),
        responses: { '202': job, ...errors },
      },
    },
  },
} as const;
