import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/events.ts
function progressNotes(note) {
  let phase = "";
  return (event) => {
    if (event.type === "phase") phase = event.phase;
    const detail = event.type === "bytes" ? `: ${(event.bytes / 1048576).toFixed(1)} MiB${event.totalBytes ? ` of ${(event.totalBytes / 1048576).toFixed(1)} MiB` : ""}` : event.type === "table" ? `: table ${event.table}` : "";
    note(`${phase}${detail}`);
  };
}

export {
  progressNotes
};
