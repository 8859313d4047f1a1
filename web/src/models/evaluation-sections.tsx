import { useMemo, useState } from 'react';
import { formatCount, formatPercent } from '../ui/format';
import { CalibrationChart, GainsChart, PrChart, RocChart } from './binary-charts';
import type { ThresholdPoint } from './binary-charts';
import { ConfusionPanel, confusionAt } from './confusion-panel';
import { ImportanceChart } from './importance-chart';
import type { BinaryReport, Evaluation, RegressionReport } from './models-contract';
import { DecilesChart, ResidualTable } from './regression-charts';

/** The charts of a version's held-out evaluation, by report kind; a version without one says so. */
export function EvaluationSections({ evaluation }: { evaluation: Evaluation | null }) {
  if (evaluation === null)
    return (
      <section className="panel" data-testid="evaluation-missing">
        <h2>Evaluation</h2>
        <p className="muted">
          This version was registered without a held-out evaluation (versions trained before evaluations were
          stored have none): only its metrics and history are shown. Retrain to get the curves.
        </p>
      </section>
    );
  const { report, importances } = evaluation;
  if (evaluation.kind === 'recommender')
    return (
      <section className="panel" data-testid="evaluation-recommender">
        <h2>Evaluation</h2>
        <p className="muted">
          Every recommender compared on the time-split holdout, with the served one, is drawn on the{' '}
          <a href="#/recommendations">Recommendations page</a>.
        </p>
      </section>
    );
  return (
    <>
      {report?.kind === 'binary' ? <BinarySections report={report} /> : null}
      {report?.kind === 'regression' ? <RegressionSections report={report} /> : null}
      {report === null ? (
        <section className="panel">
          <h2>Evaluation</h2>
          <p className="muted">This version's evaluation report is of a kind this page does not draw.</p>
        </section>
      ) : null}
      <section className="panel panel-wide" data-testid="importance-panel">
        <h2>Feature importance</h2>
        <ImportanceChart importances={importances} />
      </section>
    </>
  );
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function BinarySections({ report }: { report: BinaryReport }) {
  const last = report.confusion.thresholds.length - 1;
  const [index, setIndex] = useState(() => Math.min(50, Math.max(0, last)));
  const at = confusionAt(report, index);
  const points = useMemo(() => {
    if (!at) return { roc: null, pr: null };
    const tpr = ratio(at.tp, at.tp + at.fn);
    const fpr = ratio(at.fp, at.fp + at.tn);
    const precision = ratio(at.tp, at.tp + at.fp);
    const roc: ThresholdPoint | null =
      tpr === null || fpr === null ? null : { threshold: at.threshold, x: fpr, y: tpr };
    const pr: ThresholdPoint | null =
      tpr === null || precision === null ? null : { threshold: at.threshold, x: tpr, y: precision };
    return { roc, pr };
  }, [at]);
  return (
    <>
      <section className="panel" data-testid="confusion-panel">
        <h2>Confusion matrix</h2>
        <p className="muted hint">
          Held out: {formatCount(report.rows)} rows, {formatCount(report.positives)} positive (
          {formatPercent(report.rows > 0 ? report.positives / report.rows : 0)}).
        </p>
        <ConfusionPanel report={report} index={index} onIndex={setIndex} />
      </section>
      <section className="panel">
        <h2>ROC curve</h2>
        <RocChart report={report} point={points.roc} />
      </section>
      <section className="panel">
        <h2>Precision–recall curve</h2>
        <PrChart report={report} point={points.pr} />
      </section>
      <section className="panel">
        <h2>Calibration</h2>
        <CalibrationChart report={report} />
      </section>
      <section className="panel">
        <h2>Cumulative gains</h2>
        <GainsChart report={report} />
      </section>
    </>
  );
}

function RegressionSections({ report }: { report: RegressionReport }) {
  return (
    <>
      <section className="panel">
        <h2>Residuals</h2>
        <ResidualTable report={report} />
      </section>
      <section className="panel panel-wide">
        <h2>Predicted vs actual</h2>
        <DecilesChart report={report} />
      </section>
    </>
  );
}
