import { usePostApi } from '../api/use-api';
import { ApiContent } from '../ui/api-content';
import { formatPercent } from '../ui/format';
import { ANALYZE_PATH, decodeAnalysis } from './text-contract';
import type { Analysis, ClassAnswer } from './text-contract';
import { useSubmitted } from './use-submitted';
import { WordsChart } from './words-chart';

/** Type a sentence, see its intent and sentiment with probabilities, the words behind them, and its aspects. */
export function AnalyzePanel() {
  const {
    draft,
    setDraft,
    submitted: text,
    submit,
  } = useSubmitted('Where is my card? I ordered it two weeks ago.');
  return (
    <section className="panel panel-wide">
      <h2>Try a sentence</h2>
      <form className="text-form" onSubmit={submit}>
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          rows={3}
          maxLength={10_000}
          aria-label="Text to analyze"
          data-testid="text-input"
        />
        <button type="submit" data-testid="text-analyze">
          Analyze
        </button>
      </form>
      {text === null ? null : <AnalysisView text={text} />}
    </section>
  );
}

function AnalysisView({ text }: { text: string }) {
  const state = usePostApi(ANALYZE_PATH, { text }, decodeAnalysis);
  return (
    <ApiContent state={state} loadingLabel="Analyzing…">
      {({ data }) => <AnalysisResult analysis={data} />}
    </ApiContent>
  );
}

function ClassCard({ title, answer, testId }: { title: string; answer: ClassAnswer; testId: string }) {
  return (
    <div className="text-card" data-testid={testId}>
      <h3>{title}</h3>
      <p className="text-answer">
        <strong data-testid={`${testId}-label`}>{answer.label}</strong> {formatPercent(answer.confidence)}
        {answer.outOfScope ? (
          <span className="badge badge-warn" data-testid={`${testId}-oos`}>
            out of scope
          </span>
        ) : null}
      </p>
      <table>
        <tbody>
          {answer.top.map((t) => (
            <tr key={t.label}>
              <td>{t.label}</td>
              <td className="num">{formatPercent(t.probability)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {answer.model.name} v{answer.model.version}
      </p>
      <WordsChart words={answer.words} testId={`${testId}-words`} />
    </div>
  );
}

function AnalysisResult({ analysis }: { analysis: Analysis }) {
  const { intent, sentiment, aspects } = analysis;
  return (
    <div className="text-results">
      {intent ? (
        <ClassCard title="Intent" answer={intent} testId="intent" />
      ) : (
        <div className="text-card" data-testid="intent-none">
          <h3>Intent</h3>
          <p className="muted">
            No intent model is live. Train one: <code>rapport text train --task intent --data FILE</code>.
          </p>
        </div>
      )}
      {sentiment.source === 'model' ? (
        <ClassCard title="Sentiment" answer={sentiment} testId="sentiment" />
      ) : (
        <div className="text-card" data-testid="sentiment">
          <h3>Sentiment</h3>
          <p className="text-answer">
            <strong data-testid="sentiment-label">{sentiment.label}</strong> score{' '}
            {sentiment.score.toFixed(2)}
          </p>
          <p className="muted">From the built-in lexicon (no sentiment model is live).</p>
          <WordsChart
            words={sentiment.words}
            testId="sentiment-words"
            empty="No word of the lexicon occurs in this text."
          />
        </div>
      )}
      <div className="text-card" data-testid="aspects">
        <h3>Aspects</h3>
        {aspects.length === 0 ? (
          <p className="muted">No aspect (delivery, price, quality, …) is mentioned.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>aspect</th>
                <th>sentiment</th>
                <th>said as</th>
              </tr>
            </thead>
            <tbody>
              {aspects.map((a) => (
                <tr key={a.aspect}>
                  <td>{a.aspect}</td>
                  <td className="num">
                    {a.label} ({a.sentiment.toFixed(2)})
                  </td>
                  <td>{a.mentions.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
