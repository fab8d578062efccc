/// <reference lib="dom" />
/**
 * Restore and delete (ADMIN_TOKEN only) ask for the target's name to be typed: a destructive click needs
 * intent, not a reflex. The API checks the same confirmation again.
 */
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BackupRow } from './types.ts';

export type AdminAction = { kind: 'restore' | 'delete'; row: BackupRow };

export function ConfirmDialog({
  action,
  onCancel,
  onRestore,
  onDelete,
}: {
  action: AdminAction;
  onCancel: () => void;
  onRestore: (backupId: string, targetDatabase: string) => void;
  onDelete: (backupId: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const restore = action.kind === 'restore';
  const expected = restore ? target : action.row.id;
  const ready = expected.length > 0 && typed === expected;
  const value = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  return html`<dialog ref=${dialog} class="panel" aria-labelledby="confirm-title" onClose=${onCancel}>
    <form
      method="dialog"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        if (!ready) return;
        if (restore) onRestore(action.row.id, target);
        else onDelete(action.row.id);
      }}
    >
      <h2 id="confirm-title">${restore ? 'Restore backup' : 'Delete backup'}</h2>
      <p><code>${action.row.id}</code> (${action.row.databases.join(', ')})</p>
      ${
        restore
          ? html`<p>The target database is created, or its contents replaced.</p>
            <label for="restore-target">Target database</label>
            <input id="restore-target" required autocomplete="off" value=${target} onInput=${value(setTarget)} />`
          : html`<p>The backup and its objects are removed from the repository. This cannot be undone.</p>`
      }
      <label for="confirm-name">
        Type ${restore ? 'the target database name' : html`<code>${action.row.id}</code>`} to confirm
      </label>
      <input id="confirm-name" required autocomplete="off" value=${typed} onInput=${value(setTyped)} />
      <div class="actions">
        <button type="submit" class=${restore ? '' : 'danger'} disabled=${!ready} id="confirm-action">
          ${restore ? 'Restore' : 'Delete'}
        </button>
        <button type="button" onClick=${() => dialog.current?.close()}>Cancel</button>
      </div>
    </form>
  </dialog>`;
}
