/**
 * Uploads report files as a workflow artifact with the real `@actions/artifact` client. GitHub Enterprise
 * Server without artifact support gets a warning instead (the job summary still carries the report).
 */
import { relative } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';

export interface ArtifactUploader {
  upload(
    name: string,
    files: string[],
    rootDirectory: string,
    retentionDays?: number,
  ): Promise<{ id?: number; size?: number }>;
}

/** The uploader GitHub's runner supports (Twirp results service + blob storage, via @actions/artifact). */
export const githubArtifactUploader: ArtifactUploader = {
  async upload(name, files, rootDirectory, retentionDays) {
    const client = new DefaultArtifactClient();
    return client.uploadArtifact(name, files, rootDirectory, retentionDays ? { retentionDays } : {});
  },
};

/** A name unique per workflow run and attempt, so re-runs and matrix jobs never collide. */
export function artifactNameFor(base: string | undefined, command: string, env: NodeJS.ProcessEnv): string {
  const run = env.GITHUB_RUN_ID ?? 'local';
  const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
  const job = env.GITHUB_JOB ? `-${env.GITHUB_JOB}` : '';
  return `${base ?? `db-backup-${command}`}${job}-${run}-${attempt}`.replace(/[^\w.-]+/g, '-');
}

/** True when the error says artifacts are unavailable on this server (GHES) rather than that upload broke. */
export function isArtifactServiceUnavailable(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return (
    e?.name === 'GHESNotSupportedError' ||
    /not (currently )?supported on GHES|GitHub Enterprise Server/i.test(e?.message ?? '')
  );
}

/** Paths relative to the root, for log lines. */
export function describeFiles(files: string[], root: string): string {
  return files.map((f) => relative(root, f)).join(', ');
}
