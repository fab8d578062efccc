import { describe, expect, it } from 'vitest';
import { JobQueue, type JobStatus } from './jobs.ts';

describe('JobQueue', () => {
  it('records a job’s outcome before publishing it, so a poller that sees it finished finds the record', async () => {
    const seen: { statusWhileSettling: JobStatus; settledAs: string }[] = [];
    const queue = new JobQueue({
      run: async (job) => {
        if (job.target === 'bad') throw new Error('boom');
        return 'ok';
      },
      onSettling: async (job, status) => {
        await new Promise((r) => setTimeout(r, 20));
        seen.push({ statusWhileSettling: job.status, settledAs: status });
      },
    });
    const good = queue.submit('backup', 'good', 'cli').job;
    const bad = queue.submit('backup', 'bad', 'cli').job;
    await queue.drain();
    expect(seen).toEqual([
      { statusWhileSettling: 'running', settledAs: 'succeeded' },
      { statusWhileSettling: 'running', settledAs: 'failed' },
    ]);
    expect(good.status).toBe('succeeded');
    expect(bad.status).toBe('failed');
    expect(bad.error).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(bad.finishedAt).not.toBeNull();
  });

  it('a failing settle hook never leaves a job running', async () => {
    const queue = new JobQueue({
      run: async () => 1,
      onSettling: () => {
        throw new Error('audit store down');
      },
    });
    const { job } = queue.submit('verify', 'all', 'cli');
    await queue.drain();
    expect(job.status).toBe('succeeded');
  });
});
