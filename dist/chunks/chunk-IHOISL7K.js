import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/storage/local-location.ts
var localLocation = (root) => `file://${root}`;
function localRootOf(location) {
  return location.startsWith("file:///") ? location.slice("file://".length) : void 0;
}

export {
  localLocation,
  localRootOf
};
