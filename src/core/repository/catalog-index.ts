/**
 * A cache of immutable repository records (manifests, verification results) in one object per kind
 * (`index/manifests.json`, `index/verifications.json`), so a view over 1,000 backups on S3 costs a listing
 * and one GET instead of 1,000 GETs. The records stay the truth: each call lists the real objects, drops
 * index entries whose object is gone or changed (size or modification time differ from the listing), reads
 * the objects the index lacks, and rewrites the index only when it changed. The index can always be deleted and is rebuilt on the next read; writing it is best effort (a
 * read-only credential simply gets no speed-up).
 */
import { text } from 'node:stream/consumers';
import type { z } from 'zod';
import { mapLimited } from '../map-limited.ts';
import type { ObjectInfo, Storage } from '../storage/types.ts';

const INDEX_PREFIX = 'index/';

async function readIndex(storage: Storage, key: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await text(await storage.get(key)));
    const entries = (parsed as { entries?: unknown })?.entries;
    return entries && typeof entries === 'object' && !Array.isArray(entries)
      ? (entries as Record<string, unknown>)
      : {};
  } catch {
    // Missing or damaged: rebuilt from the records below.
    return {};
  }
}

/**
 * The parsed records under `keys` (order kept; unreadable or invalid ones are undefined), served from the
 * index named `name` where it has them.
 */
export async function readThroughIndex<T>(
  storage: Storage,
  name: 'manifests' | 'verifications',
  objects: ObjectInfo[],
  schema: z.ZodType<T>,
): Promise<(T | undefined)[]> {
  const indexKey = `${INDEX_PREFIX}${name}.json`;
  const cached = await readIndex(storage, indexKey);
  const stamp = (o: ObjectInfo) => `${o.size}@${o.modified.getTime()}`;
  const wanted = new Map(objects.map((o) => [o.key, stamp(o)]));
  let changed = Object.keys(cached).some((k) => !wanted.has(k));
  const fresh: Record<string, { stamp: string; value: unknown }> = {};
  for (const [k, v] of Object.entries(cached)) {
    const entry = v as { stamp?: unknown; value?: unknown } | null;
    if (entry && entry.stamp === wanted.get(k))
      fresh[k] = { stamp: entry.stamp as string, value: entry.value };
    else changed = true;
  }
  const records = await mapLimited(objects, 32, async (object) => {
    const hit = object.key in fresh ? schema.safeParse(fresh[object.key]!.value) : undefined;
    if (hit?.success) return hit.data;
    try {
      const raw: unknown = JSON.parse(await text(await storage.get(object.key)));
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return undefined;
      fresh[object.key] = { stamp: stamp(object), value: raw };
      changed = true;
      return parsed.data;
    } catch {
      return undefined;
    }
  });
  if (changed) {
    await storage
      .put(indexKey, JSON.stringify({ formatVersion: 1, builtAt: new Date().toISOString(), entries: fresh }))
      .catch(() => undefined);
  }
  return records;
}
