import { formatCount, formatPercent } from '../ui/format';
import { formatMetric, formatThreshold } from './metric-text';
import type { BinaryReport } from './models-contract';

export interface ConfusionAt {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The stored counts at threshold index `k` (threshold k / 100). */
export function confusionAt(report: BinaryReport, k: number): ConfusionAt | null {
  const { thresholds, tp, fp, tn, fn } = report.confusion;
  const threshold = thresholds[k];
  const counts = [tp[k], fp[k], tn[k], fn[k]];
  if (threshold === undefined || counts.some((c) => c === undefined)) return null;
  const [TP = 0, FP = 0, TN = 0, FN = 0] = counts;
  return { threshold, tp: TP, fp: FP, tn: TN, fn: FN };
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** The confusion matrix at the slider's threshold, with the rates it implies. */
export function ConfusionPanel({
  report,
  index,
  onIndex,
}: {
  report: BinaryReport;
  index: number;
  onIndex: (index: number) => void;
}) {
  const last = report.confusion.thresholds.length - 1;
  const at = confusionAt(report, index);
  if (last < 0 || !at) return <p className="muted">No confusion counts in this report.</p>;
  const { tp, fp, tn, fn, threshold } = at;
  const rows = tp + fp + tn + fn;
  const rates: [string, string, number | null][] = [
    ['precision', 'Precision', ratio(tp, tp + fp)],
    ['recall', 'Recall (true positive rate)', ratio(tp, tp + fn)],
    ['fpr', 'False positive rate', ratio(fp, fp + tn)],
    ['f1', 'F1', ratio(2 * tp, 2 * tp + fp + fn)],
    ['accuracy', 'Accuracy', ratio(tp + tn, rows)],
    ['targeted', 'Predicted positive', ratio(tp + fp, rows)],
  ];
  return (
    <div className="confusion" data-testid="confusion-matrix" data-threshold={formatThreshold(threshold)}>
      <label className="threshold">
        <span>
          Threshold <strong data-testid="threshold-value">{formatThreshold(threshold)}</strong>
        </span>
        <input
          type="range"
          min={0}
          max={last}
          step={1}
          value={index}
          onChange={(event) => onIndex(Number(event.target.value))}
          aria-valuetext={formatThreshold(threshold)}
          data-testid="threshold-slider"
        />
      </label>
      <p className="muted hint">
        A row is predicted positive when its probability is at least the threshold.
      </p>
      <table className="confusion-table">
        <thead>
          <tr>
            <td />
            <th scope="col" className="num">
              Predicted positive
            </th>
            <th scope="col" className="num">
              Predicted negative
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Actual positive</th>
            <td className="num cell-good" data-testid="confusion-tp">
              {formatCount(tp)}
            </td>
            <td className="num cell-bad" data-testid="confusion-fn">
              {formatCount(fn)}
            </td>
          </tr>
          <tr>
            <th scope="row">Actual negative</th>
            <td className="num cell-bad" data-testid="confusion-fp">
              {formatCount(fp)}
            </td>
            <td className="num cell-good" data-testid="confusion-tn">
              {formatCount(tn)}
            </td>
          </tr>
        </tbody>
      </table>
      <table className="rates" data-testid="confusion-rates">
        <tbody>
          {rates.map(([key, label, value]) => (
            <tr key={key} data-rate={key}>
              <th scope="row">{label}</th>
              <td className="num">
                {value === null ? '—' : key === 'targeted' ? formatPercent(value) : formatMetric(value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
