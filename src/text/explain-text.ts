import { normalizeText } from './normalize.js';
import { charNgrams, termValues } from './tfidf.js';
import type { TextClassifier } from './text-classifier.js';
import { tokensOf } from './tokenize.js';

/** A word of the text and how much it raised (positive) or lowered the score of a class. */
export interface WordWeight {
  text: string;
  weight: number;
}

/**
 * The words that drove a class's score for one text. Each TF-IDF term adds value × weight to the score; a word
 * n-gram's share is split evenly over its words, a character n-gram's over the whitespace-separated chunks it
 * occurs in and then over the words of each chunk (a chunk without words, such as "?", stands for itself).
 */
export function explainText(model: TextClassifier, text: string, label: string, limit = 10): WordWeight[] {
  const c = model.labels.indexOf(label);
  if (c < 0) return [];
  const k = model.labels.length;
  const weight = (col: number) => model.weights[col * k + c]!;
  const byWord = new Map<string, number>();
  const add = (word: string, v: number) => byWord.set(word, (byWord.get(word) ?? 0) + v);

  const chunks = normalizeText(text)
    .split(' ')
    .filter((s) => s !== '');
  const charRange = model.tfidf.config.char;
  const chunkTerms = chunks.map((chunk) => (charRange ? charNgrams(chunk, charRange) : []));
  for (const t of termValues(model.tfidf, text)) {
    const contribution = t.value * weight(t.col);
    if (t.block === 'word') {
      const words = t.term.split(' ');
      for (const w of words) add(w, contribution / words.length);
      continue;
    }
    const occurrences = chunkTerms.map((terms) => terms.filter((x) => x === t.term).length);
    const total = occurrences.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    chunks.forEach((chunk, i) => {
      const share = (contribution * (occurrences[i] as number)) / total;
      if (share === 0) return;
      const words = tokensOf(chunk).map((w) => w.text);
      if (words.length === 0) add(chunk, share);
      else for (const w of words) add(w, share / words.length);
    });
  }
  return [...byWord]
    .map(([w, v]) => ({ text: w, weight: v }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.text.localeCompare(b.text))
    .slice(0, limit);
}
