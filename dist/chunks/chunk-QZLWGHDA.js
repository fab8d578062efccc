import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  StorageError
} from "./chunk-HSU6VSP5.js";

// src/core/storage/validate-key.ts
function validateKey(key) {
  const bad = key.length === 0 || key.startsWith("/") || key.includes("\\") || key.includes("\0") || key.split("/").some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad)
    throw new StorageError(
      `invalid object key ${JSON.stringify(key)}: keys are relative paths without . or .. segments`
    );
  return key;
}

export {
  validateKey
};
