/**
 * What long core operations report while they work, to a listener the caller passes in (the core never
 * prints). Each adapter renders the same events its own way: the CLI as a live line or periodic log lines,
 * the Action as log lines, the daemon as job progress.
 */

export type Operation = 'backup' | 'restore' | 'verify' | 'drill';

export type CoreEvent =
  /** A step began, e.g. `dumping "shop"`, `fetching`, `restoring into "copy"`. */
  | { type: 'phase'; operation: Operation; phase: string }
  /** Bytes moved so far in the current phase (stored bytes for backups, read bytes for restores). */
  | { type: 'bytes'; operation: Operation; bytes: number; totalBytes?: number }
  /** The table pg_restore works on now. */
  | { type: 'table'; operation: Operation; table: string };

export type EventListener = (event: CoreEvent) => void;

/** A listener that does nothing. */
export const ignoreEvents: EventListener = () => {};

/**
 * A listener that keeps a one-line description of the latest progress, for adapters that poll (the daemon's
 * job records): `dumping "shop": 120.0 MiB`.
 */
export function progressNotes(note: (text: string) => void): EventListener {
  let phase = '';
  return (event) => {
    if (event.type === 'phase') phase = event.phase;
    const detail =
      event.type === 'bytes'
        ? `: ${(event.bytes / 1_048_576).toFixed(1)} MiB${event.totalBytes ? ` of ${(event.totalBytes / 1_048_576).toFixed(1)} MiB` : ''}`
        : event.type === 'table'
          ? `: table ${event.table}`
          : '';
    note(`${phase}${detail}`);
  };
}
