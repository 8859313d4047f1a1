import { Loading, LoginHint } from '../ui/states';
import { findRoute, routes } from './routes';
import { hrefFor, useHashPath } from './use-hash-route';
import { useSession } from './use-session';

export function AppShell() {
  const path = useHashPath();
  const session = useSession();
  const route = findRoute(path);
  const signedOut = session.status === 'error' && session.error.isUnauthenticated;

  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href={hrefFor('/')}>
          Rapport
        </a>
        <nav aria-label="Main">
          {routes.map((entry) => (
            <a
              key={entry.path}
              href={hrefFor(entry.path)}
              aria-current={entry === route ? 'page' : undefined}
            >
              {entry.label}
            </a>
          ))}
        </nav>
        {session.status === 'ok' ? (
          <span className="scope" data-testid="session-scope">
            {session.data.scope}
          </span>
        ) : null}
      </header>
      <main className="shell-main">
        {signedOut ? (
          <LoginHint />
        ) : session.status === 'loading' ? (
          <Loading />
        ) : route ? (
          <route.page />
        ) : (
          <section className="notice">
            <h2>Page not found</h2>
            <p>
              <a href={hrefFor('/')}>Back to the overview</a>
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
