import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/logger.ts
var silentLogger = { debug() {
}, info() {
}, warn() {
} };

export {
  silentLogger
};
