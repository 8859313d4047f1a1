import type { ApiError } from '../api/api';

export function LoginHint() {
  return (
    <section className="notice" data-testid="login-hint" role="status">
      <h2>Not signed in</h2>
      <p>
        Open the login link printed by <code>rapport demo</code> or <code>rapport serve</code>.
      </p>
    </section>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite" data-testid="loading">
      {label}
    </p>
  );
}

/** Renders an API failure; a 401 becomes the login hint. */
export function ErrorView({ error }: { error: ApiError }) {
  if (error.isUnauthenticated) return <LoginHint />;
  return (
    <section className="notice notice-error" role="alert" data-testid="error">
      <h2>Something went wrong</h2>
      <p>{error.message}</p>
      <p className="muted">
        <code>{error.code}</code>
        {error.status > 0 ? ` · HTTP ${error.status}` : null}
      </p>
    </section>
  );
}
