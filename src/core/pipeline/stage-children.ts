/** The child processes of one dump, as a group: stopping them, and judging how they ended. */
import { DbBackupError, DumpFailedError, InterruptedError } from '../errors.ts';
import { childSucceeded, describeFailure, type RunningChild } from './child.ts';

/** Why an aborted dump stopped: the error the caller aborted with, or an interruption. */
export function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof DbBackupError
    ? signal.reason
    : new InterruptedError('the backup was interrupted; nothing was stored');
}

/** How long a stopped child may take to exit before it is killed outright. */
const KILL_AFTER_MS = 5_000;

/** SIGTERM to every child still running, and SIGKILL to any still running a few seconds later. */
export function stopChildren(children: { child: RunningChild }[]): void {
  for (const { child } of children) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) continue;
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), KILL_AFTER_MS);
    timer.unref();
    void child.done.then(() => clearTimeout(timer));
  }
}

/** Resolves when every child exited cleanly; rejects as soon as any fails, naming it. */
export function childrenSucceeded(children: { name: string; child: RunningChild }[]): Promise<void> {
  return Promise.all(
    children.map(async ({ name, child }) => {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    }),
  ).then(() => undefined);
}
