/** The empty state before the pipeline trained a recommender (the API's `recommender_not_trained`). */
export function NotTrained({ testId }: { testId: string }) {
  return (
    <section className="notice rec-not-trained" role="status" data-testid={testId}>
      <h2>No recommender trained yet</h2>
      <p>
        Run the pipeline to train one: <code>rapport pipeline run</code>. It compares the recommenders
        (popularity, repeat purchases, item kNN, EASE, ALS and a blend) on the last 30 days of orders and
        serves the best; this page then shows each customer’s recommendations and the comparison.
      </p>
    </section>
  );
}
