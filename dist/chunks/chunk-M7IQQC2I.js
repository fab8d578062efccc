import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/map-limited.ts
async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export {
  mapLimited
};
