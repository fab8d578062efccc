/**
 * Secret scrubbing. Every secret the process learns (passwords, keys, tokens) is registered here once,
 * and every line an adapter prints, every error message and every report passes through `redact`.
 * This is the last line of defence; the first is never putting a secret into a message at all.
 */

const secrets = new Set<string>();

/** Remember a secret so that `redact` replaces it wherever it appears. Ignores empty and tiny values. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 3) {
    secrets.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) secrets.add(encoded);
  }
}

/** Forget all registered secrets (tests only). */
export function clearSecrets(): void {
  secrets.clear();
}

const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::[^\s/@]*)?@/gi;
const KEY_VALUE_PASSWORD = /\b(password|passwd|pwd|secret|token|access_key|secret_key)=([^\s&;]+)/gi;

/** Replace registered secrets, URL userinfo passwords and `password=...` pairs with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('***');
  }
  out = out.replace(
    URL_CREDENTIALS,
    (_m, scheme: string, user: string) => `${scheme}${user ? `${user}:***` : '***'}@`,
  );
  out = out.replace(KEY_VALUE_PASSWORD, (_m, k: string) => `${k}=***`);
  return out;
}

/** A connection URL safe to show: the password replaced, everything else kept. */
export function redactUrl(url: string): string {
  return redact(url);
}
