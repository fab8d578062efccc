import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/redact.ts
var secrets = /* @__PURE__ */ new Set();
function registerSecret(value) {
  if (value && value.length >= 3) {
    secrets.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) secrets.add(encoded);
  }
}
var URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::[^\s/@]*)?@/gi;
var KEY_VALUE_PASSWORD = /\b(password|passwd|pwd|secret|token|access_key|secret_key)=([^\s&;]+)/gi;
function redact(text) {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("***");
  }
  out = out.replace(
    URL_CREDENTIALS,
    (_m, scheme, user) => `${scheme}${user ? `${user}:***` : "***"}@`
  );
  out = out.replace(KEY_VALUE_PASSWORD, (_m, k) => `${k}=***`);
  return out;
}

export {
  registerSecret,
  redact
};
