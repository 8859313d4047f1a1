import { array, boolean, count, nullable, number, object, record, string } from '../api/decode';
import type { Decoder } from '../api/decode';

export interface WordWeight {
  text: string;
  weight: number;
}

export interface ClassAnswer {
  model: { id: string; name: string; version: number };
  label: string;
  confidence: number;
  outOfScope: boolean;
  top: { label: string; probability: number }[];
  words: WordWeight[];
}

export type SentimentAnswer =
  | ({ source: 'model' } & ClassAnswer)
  | { source: 'lexicon'; label: string; score: number; words: WordWeight[] };

export interface AspectMention {
  aspect: string;
  sentiment: number;
  label: string;
  mentions: string[];
}

/** `GET /v1/text/analyze?text=` */
export interface Analysis {
  intent: ClassAnswer | null;
  sentiment: SentimentAnswer;
  aspects: AspectMention[];
}

export interface MonthAspects {
  month: string;
  reviews: number;
  sentiment: number;
  rating: number | null;
  aspects: { aspect: string; mentions: number; sentiment: number }[];
}

/** `GET /v1/products/:id/aspects` */
export interface ProductAspects {
  productId: string;
  reviews: number;
  months: MonthAspects[];
}

/** The evaluation `rapport text train` stores with a text model version. */
export interface TextEvaluation {
  labels: string[];
  /** confusion[true][predicted] */
  confusion: number[][];
  perClass: { precision: number; recall: number; f1: number; support: number }[];
}

export interface TextModelView {
  id: string;
  name: string;
  version: number;
  status: string;
  modelType: string;
  metrics: Record<string, number>;
  createdAt: string;
  evaluation: TextEvaluation | null;
}

export const TEXT_MODELS = ['text_intent', 'text_sentiment'] as const;

/** `POST` with `{ text }`. */
export const ANALYZE_PATH = '/v1/text/analyze';
export const productAspectsPath = (id: string): string => `/v1/products/${encodeURIComponent(id)}/aspects`;
export const textModelPath = (name: string): string => `/v1/models/${encodeURIComponent(name)}`;

const words = array(object<WordWeight>({ text: string, weight: number }));
const classFields = {
  model: object<ClassAnswer['model']>({ id: string, name: string, version: count }),
  label: string,
  confidence: number,
  outOfScope: boolean,
  top: array(object<{ label: string; probability: number }>({ label: string, probability: number })),
  words,
};
const classAnswer = object<ClassAnswer>(classFields);

const sentiment: Decoder<SentimentAnswer> = (value, path) => {
  const source = record(value, path).source;
  if (source === 'model') return { source: 'model', ...classAnswer(value, path) };
  return {
    source: 'lexicon',
    ...object<{ label: string; score: number; words: WordWeight[] }>({ label: string, score: number, words })(
      value,
      path,
    ),
  };
};

export const decodeAnalysis: Decoder<{ data: Analysis }> = object<{ data: Analysis }>({
  data: object<Analysis>({
    intent: nullable(classAnswer),
    sentiment,
    aspects: array(
      object<AspectMention>({ aspect: string, sentiment: number, label: string, mentions: array(string) }),
    ),
  }),
});

export const decodeProductAspects: Decoder<{ data: ProductAspects }> = object<{ data: ProductAspects }>({
  data: object<ProductAspects>({
    productId: string,
    reviews: count,
    months: array(
      object<MonthAspects>({
        month: string,
        reviews: count,
        sentiment: number,
        rating: nullable(number),
        aspects: array(
          object<MonthAspects['aspects'][number]>({ aspect: string, mentions: count, sentiment: number }),
        ),
      }),
    ),
  }),
});

/** A text model's evaluation, or null when the version has none of this shape. */
const textEvaluation: Decoder<TextEvaluation | null> = (value, path) => {
  if (value === null || value === undefined) return null;
  const source = record(value, path);
  if (source.kind !== 'text_classifier') return null;
  return object<TextEvaluation>({
    labels: array(string),
    confusion: array(array(count)),
    perClass: array(
      object<TextEvaluation['perClass'][number]>({
        precision: number,
        recall: number,
        f1: number,
        support: count,
      }),
    ),
  })(value, path);
};

const metrics: Decoder<Record<string, number>> = (value, path) =>
  Object.fromEntries(Object.entries(record(value, path)).map(([k, v]) => [k, number(v, `${path}.${k}`)]));

export const decodeTextModel: Decoder<{ data: TextModelView }> = object<{ data: TextModelView }>({
  data: object<TextModelView>({
    id: string,
    name: string,
    version: count,
    status: string,
    modelType: string,
    metrics,
    createdAt: string,
    evaluation: textEvaluation,
  }),
});
