import { AnalyzePanel } from './analyze-panel';
import { EvaluationPanel } from './evaluation-panel';
import { ProductAspectsPanel } from './product-aspects-panel';
import './text.css';

/** `#/text`: try the live text models on a sentence, see their latest evaluation and a product's review aspects. */
export function TextLabPage() {
  return (
    <div className="page" data-testid="text-lab-page">
      <div className="page-header">
        <h1>Text lab</h1>
      </div>
      <div className="grid">
        <AnalyzePanel />
        <EvaluationPanel />
        <ProductAspectsPanel />
      </div>
    </div>
  );
}
