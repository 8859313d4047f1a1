import { useApi } from '../api/use-api';
import { formatDateTime } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { decodeQualityReport, QUALITY_REPORT_PATH } from './quality-contract';
import { SourceSection } from './source-section';

export function QualityPage() {
  const state = useApi(QUALITY_REPORT_PATH, decodeQualityReport);
  return (
    <div className="page" data-testid="quality-page" aria-busy={state.status === 'loading'}>
      <div className="page-header">
        <h1>Data quality</h1>
      </div>
      {state.status === 'error' ? (
        <ErrorView error={state.error} />
      ) : state.status === 'ok' ? (
        <>
          <p className="period">
            What the prepare stage would change in everything stored, as of{' '}
            {formatDateTime(state.data.generatedAt)}. Examples are masked for PII.
          </p>
          <nav className="toc" aria-label="Sources">
            {state.data.sections.map((s) => (
              <a key={s.source} href={`#/quality`} onClick={(event) => jumpTo(event, s.source)}>
                {s.source}
              </a>
            ))}
          </nav>
          {state.data.sections.map((section) => (
            <SourceSection key={section.source} section={section} />
          ))}
        </>
      ) : (
        <Loading label="Building the data-quality report…" />
      )}
    </div>
  );
}

/** Scrolls to a source without changing the hash route. */
function jumpTo(event: { preventDefault(): void }, source: string) {
  event.preventDefault();
  document.getElementById(`quality-${source}`)?.scrollIntoView({ behavior: 'smooth' });
}
