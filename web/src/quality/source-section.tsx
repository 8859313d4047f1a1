import { formatCount } from '../ui/format';
import { HistogramPair } from './histogram-pair';
import type { Rule, Section } from './quality-contract';

export function SourceSection({ section }: { section: Section }) {
  const touched = section.rules.reduce((sum, r) => sum + r.touched, 0);
  return (
    <section
      className="panel quality-section"
      id={`quality-${section.source}`}
      data-testid={`quality-source-${section.source}`}
    >
      <h2>
        {section.source}{' '}
        <span className="muted">
          · {formatCount(section.rows)} rows · {formatCount(touched)} changes by {section.rules.length} rules
        </span>
      </h2>
      {section.notes.length > 0 ? (
        <ul className="notes">
          {section.notes.map((note) => (
            <li key={note} className="muted">
              {note}
            </li>
          ))}
        </ul>
      ) : null}
      <RuleTable rules={section.rules} source={section.source} />
      {section.columns.length > 0 ? (
        <>
          <h3>Numeric columns: before and after</h3>
          <div className="histograms">
            {section.columns.map((column) => (
              <HistogramPair key={column.column} source={section.source} column={column} />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}

function RuleTable({ rules, source }: { rules: readonly Rule[]; source: string }) {
  if (rules.length === 0) return <p className="muted">No rules apply to this source.</p>;
  return (
    <table data-testid={`quality-rules-${source}`}>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col" className="num">
            Rows touched
          </th>
          <th scope="col">Examples</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.rule} data-rule={rule.rule} data-touched={rule.touched}>
            <td>
              <code>{rule.rule}</code>
              <div className="muted small">{rule.definition}</div>
            </td>
            <td className="num" data-testid="rule-touched">
              {formatCount(rule.touched)}
            </td>
            <td className="message">
              {rule.examples.length === 0 ? (
                <span className="muted">—</span>
              ) : (
                <ul className="examples">
                  {rule.examples.map((e, index) => (
                    <li key={`${e.row}-${e.column ?? ''}-${index}`}>
                      <span className="muted">
                        row {e.row}
                        {e.column ? ` · ${e.column}` : ''}:
                      </span>{' '}
                      {e.before !== null ? <code>{e.before}</code> : null}
                      {e.after !== null ? (
                        <>
                          {' → '}
                          <code>{e.after}</code>
                        </>
                      ) : null}
                      {e.note !== null ? <span className="muted"> {e.note}</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
