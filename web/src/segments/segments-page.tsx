import { useState } from 'react';
import { useApi } from '../api/use-api';
import { ApiContent } from '../ui/api-content';
import { ClusterScatter } from './cluster-scatter';
import { RfmHeatmap } from './rfm-heatmap';
import { SegmentTable } from './segment-table';
import {
  clustersPath,
  decodeClusters,
  decodeRfmGrid,
  decodeSegments,
  RFM_GRID_PATH,
  SEGMENTS_PATH,
} from './segments-contract';

const K_CHOICES = [2, 3, 4, 5, 6, 8] as const;

export function SegmentsPage() {
  const segments = useApi(SEGMENTS_PATH, decodeSegments);
  const grid = useApi(RFM_GRID_PATH, decodeRfmGrid);
  const [k, setK] = useState<number | null>(null);
  const clusters = useApi(clustersPath(k), decodeClusters);

  return (
    <div className="page" data-testid="segments-page">
      <div className="page-header">
        <h1>Segments</h1>
      </div>
      <div className="grid">
        <section className="panel panel-wide" aria-busy={segments.status === 'loading'}>
          <h2>Segments</h2>
          <ApiContent state={segments} loadingLabel="Loading segments…">
            {(body) => <SegmentTable segments={body.data} />}
          </ApiContent>
        </section>
        <section className="panel panel-wide" aria-busy={grid.status === 'loading'}>
          <h2>RFM grid</h2>
          <p className="muted hint">
            Customers per recency score (R) and FM score, the mean of the frequency and monetary scores
            rounded half up: ⌊(F + M + 1) / 2⌋. Each cell names its RFM segment.
          </p>
          <ApiContent state={grid} loadingLabel="Loading the RFM grid…">
            {(body) => <RfmHeatmap grid={body.data} />}
          </ApiContent>
        </section>
        <section className="panel panel-wide" aria-busy={clusters.status === 'loading'}>
          <div className="panel-header">
            <h2>Clusters</h2>
            <label className="days">
              k{' '}
              <select
                value={k ?? ''}
                onChange={(event) => setK(event.target.value === '' ? null : Number(event.target.value))}
                data-testid="clusters-k"
              >
                <option value="">best (silhouette)</option>
                {K_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ApiContent state={clusters} loadingLabel="Clustering profiles…">
            {(body) => <ClusterScatter clusters={body.data} />}
          </ApiContent>
        </section>
      </div>
    </div>
  );
}
