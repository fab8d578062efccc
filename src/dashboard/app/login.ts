/// <reference lib="dom" />
/** The sign-in form: one token field. The token is checked against the API before it is kept. */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

export function LoginForm({
  onSubmit,
  error,
  busy,
}: {
  onSubmit: (token: string) => void;
  error: string | null;
  busy: boolean;
}) {
  const [token, setToken] = useState('');
  return html`<main class="login" id="main">
    <h1>db-backup</h1>
    <form
      class="panel"
      aria-describedby="login-help"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        if (token.trim()) onSubmit(token.trim());
      }}
    >
      <h2>Sign in</h2>
      <p id="login-help">
        Paste the sidecar's <code>API_TOKEN</code> (read and start jobs) or <code>ADMIN_TOKEN</code> (also restore and
        delete). It is kept in this tab only.
      </p>
      <label for="token">API token</label>
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="current-password"
        required
        value=${token}
        onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : null}
      <button type="submit" disabled=${busy}>${busy ? 'Checking…' : 'Sign in'}</button>
    </form>
  </main>`;
}
