import { array, boolean, count, nullable, number, object, string } from '../api/decode';
import type { Decoder } from '../api/decode';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  memberCount: number;
  refreshedAt: string | null;
}

export interface SizePoint {
  at: string;
  size: number;
}

export interface RfmCell {
  r: number;
  fm: number;
  segment: string;
  count: number;
}

export interface RfmGrid {
  profiles: number;
  cells: RfmCell[];
}

export interface ClusterSummary {
  cluster: number;
  name: string;
  size: number;
  share: number;
  features: { feature: string; direction: string; effect: number }[];
}

export interface ClusterPoint {
  customerId: string;
  x: number;
  y: number;
  cluster: number;
}

export interface Clusters {
  profiles: number;
  truncated: boolean;
  k: number;
  silhouette: number | null;
  explainedVariance: number[];
  clusters: ClusterSummary[];
  points: ClusterPoint[];
}

export const SEGMENTS_PATH = '/v1/segments?limit=200';
export const RFM_GRID_PATH = '/v1/rfm/grid';
export const clustersPath = (k: number | null): string =>
  k === null ? '/v1/segments/clusters' : `/v1/segments/clusters?k=${k}`;
export const sizesPath = (id: string): string => `/v1/segments/${encodeURIComponent(id)}/sizes`;

export const decodeSegments: Decoder<{ data: Segment[] }> = object<{ data: Segment[] }>({
  data: array(
    object<Segment>({
      id: string,
      name: string,
      description: nullable(string),
      kind: string,
      memberCount: count,
      refreshedAt: nullable(string),
    }),
  ),
});

export const decodeSizes: Decoder<{ data: SizePoint[] }> = object<{ data: SizePoint[] }>({
  data: array(object<SizePoint>({ at: string, size: count })),
});

export const decodeRfmGrid: Decoder<{ data: RfmGrid }> = object<{ data: RfmGrid }>({
  data: object<RfmGrid>({
    profiles: count,
    cells: array(object<RfmCell>({ r: count, fm: count, segment: string, count })),
  }),
});

export const decodeClusters: Decoder<{ data: Clusters }> = object<{ data: Clusters }>({
  data: object<Clusters>({
    profiles: count,
    truncated: boolean,
    k: count,
    silhouette: nullable(number),
    explainedVariance: array(number),
    clusters: array(
      object<ClusterSummary>({
        cluster: count,
        name: string,
        size: count,
        share: number,
        features: array(object({ feature: string, direction: string, effect: number })),
      }),
    ),
    points: array(object<ClusterPoint>({ customerId: string, x: number, y: number, cluster: count })),
  }),
});
