import { useApi } from '../api/use-api';
import { useHashPath } from '../app/use-hash-route';
import { ApiContent } from '../ui/api-content';
import { ModelList } from './model-list';
import { decodeModels, MODELS_PATH } from './models-contract';
import type { ModelSummary } from './models-contract';
import { VersionDetail } from './version-detail';

interface Selection {
  name: string;
  version: number;
}

/** `#/models` lists the models and shows the first one's live version; `#/models/<name>@<version>` shows that one. */
export function ModelsPage() {
  const path = useHashPath();
  const requested = parseSelection(path);
  const list = useApi(MODELS_PATH, decodeModels);
  const models =
    list.status === 'ok' ? list.data.data : list.status === 'loading' ? list.previous?.data : undefined;
  const selected = requested ?? (models ? defaultSelection(models) : null);

  return (
    <div className="page" data-testid="models-page">
      <div className="page-header">
        <h1>Models</h1>
      </div>
      <div className="grid">
        <section className="panel panel-wide" aria-busy={list.status === 'loading'}>
          <h2>Versions</h2>
          <ApiContent state={list} loadingLabel="Loading models…">
            {(body) => <ModelList models={body.data} selected={selected} />}
          </ApiContent>
        </section>
      </div>
      {selected ? (
        <VersionDetail
          key={`${selected.name}@${selected.version}`}
          name={selected.name}
          version={selected.version}
        />
      ) : null}
    </div>
  );
}

/** The live version of the first model, else its latest. */
function defaultSelection(models: readonly ModelSummary[]): Selection | null {
  const first = models[0];
  if (!first) return null;
  return { name: first.name, version: first.activeVersion ?? first.latestVersion };
}

function parseSelection(path: string): Selection | null {
  if (!path.startsWith('/models/')) return null;
  const ref = safeDecode(path.slice('/models/'.length));
  const at = ref.lastIndexOf('@');
  const version = Number(ref.slice(at + 1));
  if (at <= 0 || !Number.isInteger(version) || version < 1) return null;
  return { name: ref.slice(0, at), version };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
