import type { ModelStatus } from './models-contract';

export function StatusBadge({ status }: { status: ModelStatus }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
