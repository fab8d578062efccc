import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { walEntryCommand } from './wal-entry.ts';

describe('walEntryCommand', () => {
  it('finds src/cli/wal.ts from the checkout', () => {
    const { node, script } = walEntryCommand();
    expect(node).toBe(process.execPath);
    expect(script).toMatch(/src\/cli\/wal\.ts$/);
    expect(existsSync(script)).toBe(true);
  });

  it('finds dist/cli/wal.js from a bundle chunk and from the CLI entry', () => {
    expect(walEntryCommand('file:///app/dist/chunks/chunk-ABC.js').script).toBe('/app/dist/cli/wal.js');
    expect(walEntryCommand('file:///app/dist/cli/index.js').script).toBe('/app/dist/cli/wal.js');
  });
});
