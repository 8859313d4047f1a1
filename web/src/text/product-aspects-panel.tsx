import { useMemo } from 'react';
import { useApi } from '../api/use-api';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { ApiContent } from '../ui/api-content';
import { decodeProductAspects, productAspectsPath } from './text-contract';
import type { ProductAspects } from './text-contract';
import { useSubmitted } from './use-submitted';

/** A product's reviews month by month: sentiment and rating over time, and what its reviewers talk about. */
export function ProductAspectsPanel() {
  const { draft, setDraft, submitted: product, submit } = useSubmitted();
  return (
    <section className="panel panel-wide">
      <h2>Sentiment and aspects of a product</h2>
      <form className="text-form text-form-inline" onSubmit={submit}>
        <input
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="product id"
          aria-label="Product id"
          data-testid="product-input"
        />
        <button type="submit" data-testid="product-show">
          Show
        </button>
      </form>
      {product === null ? null : <ProductView productId={product} />}
    </section>
  );
}

function ProductView({ productId }: { productId: string }) {
  const state = useApi(productAspectsPath(productId), decodeProductAspects);
  return (
    <ApiContent state={state} loadingLabel="Reading the reviews…">
      {({ data }) =>
        data.reviews === 0 ? (
          <p className="muted" data-testid="product-no-reviews">
            No reviews of {data.productId}.
          </p>
        ) : (
          <ProductCharts data={data} />
        )
      }
    </ApiContent>
  );
}

function ProductCharts({ data }: { data: ProductAspects }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 48, top: 32, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.months.map((m) => `${m.month} (${m.reviews})`) },
      yAxis: [
        { type: 'value', min: -1, max: 1, name: 'sentiment' },
        { type: 'value', min: 0, max: 5, name: 'rating' },
      ],
      series: [
        { name: 'sentiment', type: 'line', data: data.months.map((m) => Number(m.sentiment.toFixed(3))) },
        {
          name: 'rating',
          type: 'line',
          yAxisIndex: 1,
          data: data.months.map((m) => (m.rating === null ? null : Number(m.rating.toFixed(2)))),
        },
      ],
    }),
    [data],
  );
  const aspects = useMemo(() => {
    const total = new Map<string, { mentions: number; sum: number }>();
    for (const m of data.months)
      for (const a of m.aspects) {
        const t = total.get(a.aspect) ?? { mentions: 0, sum: 0 };
        t.mentions += a.mentions;
        t.sum += a.sentiment * a.mentions;
        total.set(a.aspect, t);
      }
    return [...total]
      .map(([aspect, t]) => ({ aspect, mentions: t.mentions, sentiment: t.sum / t.mentions }))
      .sort((a, b) => b.mentions - a.mentions || a.aspect.localeCompare(b.aspect));
  }, [data]);
  return (
    <>
      <p className="muted">
        {data.reviews} reviews of {data.productId} (per month in brackets); sentiment from the built-in
        lexicon.
      </p>
      <Chart
        option={option}
        height={280}
        data-testid="product-sentiment-chart"
        data-months={data.months.length}
      />
      <table data-testid="product-aspects">
        <thead>
          <tr>
            <th>aspect</th>
            <th className="num">mentions</th>
            <th className="num">mean sentiment</th>
          </tr>
        </thead>
        <tbody>
          {aspects.map((a) => (
            <tr key={a.aspect}>
              <td>{a.aspect}</td>
              <td className="num">{a.mentions}</td>
              <td className="num">{a.sentiment.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
