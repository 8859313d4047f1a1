/**
 * The built-in text engine: a Unicode-aware tokenizer, TF-IDF features, linear classifiers (one-vs-rest linear
 * SVMs trained on worker threads, multinomial logistic regression) with calibrated probabilities and an
 * out-of-scope rule, evaluation under the benchmark protocols, and explanations of predictions.
 *
 * @example
 * const { model } = await trainTextClassifier(texts, labels, { ...defaultTextTrainOptions, model: 'svm' });
 * predictTexts(model, ['where is my card?'])[0]; // { label: 'card_arrival', confidence: 0.93, outOfScope: false, … }
 */
export { cutText, normalizeText, MAX_TEXT_CHARS } from './normalize.js';
export { tokenize, tokensOf, type Token, type TokenKind } from './tokenize.js';
export {
  defaultTfidfConfig,
  fitTfidf,
  transformTfidf,
  termValues,
  type NgramRange,
  type TfidfConfig,
  type TfidfModel,
} from './tfidf.js';
export type { SparseRows } from './sparse.js';
export { defaultSvmOptions, type LinearSvmOptions } from './linear-svm.js';
export { defaultSoftmaxOptions, type SoftmaxOptions } from './softmax-regression.js';
export type { OutOfScopeRule } from './out-of-scope.js';
export {
  defaultTextTrainOptions,
  predictTexts,
  trainTextClassifier,
  type ClassProbability,
  type TextClassifier,
  type TextModelChoice,
  type TextModelKind,
  type TextPrediction,
  type TextTrainOptions,
  type TextTrainReport,
} from './text-classifier.js';
export { explainText, type WordWeight } from './explain-text.js';
export {
  parseTextModelArtifact,
  textModelArtifact,
  TEXT_MODEL_FORMAT,
  type TextModelArtifact,
} from './text-model-artifact.js';
export {
  formatOf,
  loadTextData,
  type TextData,
  type TextDataOptions,
  type TextFormat,
} from './load-text-data.js';
export {
  classifierTrainer,
  encoderHeadTrainer,
  evaluateTexts,
  evaluateTextClassifier,
  type RoundModel,
  type RoundTrainer,
  type EvaluatedRow,
  type TextEvaluation,
  type TextFoldResult,
  type TextSplit,
} from './evaluate-text.js';
export {
  NEUTRAL_BAND,
  scoreSentiment,
  sentimentLabel,
  type SentimentEvidence,
  type SentimentLabel,
  type SentimentScore,
} from './lexicon-sentiment.js';
export {
  extractAspects,
  splitClauses,
  summarizeAspects,
  type AspectItem,
  type AspectMention,
  type AspectOptions,
  type AspectSummary,
} from './aspects.js';
export { ASPECT_LEXICON, type AspectDictionary } from './aspect-lexicon.js';
export {
  documentFrequencies,
  extractKeywords,
  interestTags,
  STOP_WORDS,
  type DocumentFrequencies,
  type InterestTagOptions,
  type InterestTags,
  type Keyword,
  type KeywordOptions,
} from './keywords.js';
export {
  createTextService,
  INTENT_MODEL,
  REVIEW_SENTIMENT_MODEL,
  SUPPORT_INTENT_MODEL,
  SENTIMENT_MODEL,
  type ClassAnswer,
  type MonthAspects,
  type ProductAspects,
  type ProductReview,
  type TextAnalysis,
  type TextService,
  type TextServiceDeps,
} from './text-service.js';
export {
  checkVectorShape,
  createExactIndex,
  normalizeRow,
  type VectorHit,
  type VectorIndex,
} from './vector-index.js';
export {
  defaultSvdOptions,
  embedTexts,
  fitSvdEmbedder,
  truncatedSvd,
  type SvdEmbedder,
  type SvdOptions,
} from './svd-embedder.js';
export type { KnowledgeArticle, KnowledgeHit } from './text-service.js';
export {
  lsaEncoder,
  remoteEncoder,
  type EmbedBatch,
  type FittedEncoder,
  type TextEncoderSpec,
} from './encoders.js';
export {
  defaultHeadOptions,
  predictEmbeddingHead,
  trainEmbeddingHead,
  type EmbeddingHead,
  type HeadOptions,
} from './embedding-head.js';
export { textModelCandidate, type TextCandidateContext } from './text-model-candidate.js';
export {
  fitKnowledgeOffThread,
  fitKnowledgeVectors,
  type FitKnowledge,
  type KnowledgeVectors,
} from './knowledge-vectors.js';
export {
  analyzeReview,
  REVIEW_ANALYSIS_VERSION,
  reviewText,
  storedReviewAnalysis,
  type ReviewAnalysis,
} from './review-analysis.js';
