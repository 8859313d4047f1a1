import { summarizeAspects, type AspectOptions, type AspectSummary } from './aspects.js';
import { valenceOf } from './lexicon-sentiment.js';
import { normalizeText } from './normalize.js';
import { tokensOf } from './tokenize.js';

/**
 * Keywords by TF-IDF (unigrams and bigrams, stop words removed) and interest tags for one customer's texts.
 * Weights: tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1 (the smoothed form scikit-learn uses).
 */

const words = (text: string): string[] => text.split(/\s+/u).filter((w) => w !== '');

/** English and German function words and review filler, authored for Rapport. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...words(`a about above after again against all almost also although always am among an and another any
    anyone anything are aren't around as at away be became because been before being below between both but by
    can can't cannot could couldn't did didn't do does doesn't doing don't done down during each either else
    even ever every for from further get gets getting got had hadn't has hasn't have haven't having he he'd
    he's her here hers herself him himself his how however i i'd i'll i'm i've if in into is isn't it it's its
    itself just let's lot lots may me might more most much must my myself neither never no nor not now of off
    often on once one only or other others our ours ourselves out over own per quite rather really same she
    she's should shouldn't since so some something still such than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've thing things this those though
    through thus to too under until up upon us very via was wasn't we we'd we'll we're we've were weren't what
    what's when where which while who whom whose why will with within without won't would wouldn't yet you
    you'd you'll you're you've your yours yourself yourselves im ive dont doesnt didnt isnt wasnt cant wont
    wouldnt couldnt shouldnt thats theres youre theyre etc ok okay yes yeah oh well go goes going gone went
    make makes made come came say said says see seen use used using back bit little many maybe anyway need
    needs needed want wants wanted look looks looking buy bought buying order ordered new ones
    last first next time times way ago please`),
  ...words(`aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf aus
    bei beim bin bis bist da dabei damit dann das dass dein deine dem den denn der des deshalb dich die dies
    diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einmal er es
    etwas euch euer eure für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen
    ihr ihre ihrem ihren ihrer im immer in ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine
    keinem keinen keiner können könnte man manche mehr mein meine meinem meinen meiner mich mir mit muss
    nach nicht nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner seit sich sie
    sind so solche soll sollte sondern sonst über um und uns unser unsere unter viel vom von vor wann war
    waren warum was weil weiter welche welchem welchen welcher welches wenn wer werde werden wie wieder
    will wir wird wo wurde wurden zu zum zur zwar zwischen ganz gibt geht mal halt eben`),
]);

export interface KeywordOptions {
  /** Keywords per document (default 10). */
  k?: number;
  /** Minimum number of documents a term must occur in (default 1). */
  minDf?: number;
  /** Include bigrams whose words are both not stop words (default true). */
  bigrams?: boolean;
  /** Replaces `STOP_WORDS`. */
  stopWords?: ReadonlySet<string>;
  /** Drop terms containing a sentiment word ("great", "terrible"): topics, not opinions (default false). */
  dropSentimentWords?: boolean;
}

export interface Keyword {
  term: string;
  score: number;
  /** Occurrences in the document. */
  count: number;
  /** Documents of the collection containing the term. */
  df: number;
}

export interface DocumentFrequencies {
  docCount: number;
  df: ReadonlyMap<string, number>;
}

const SEGMENT_BREAK = /[.!?;:,()[\]{}"“”„«»…。！？、，；：/\\|—–]+/u;

function isContent(token: string, stopWords: ReadonlySet<string>): boolean {
  return !stopWords.has(token) && [...token].length >= 2 && !/^\p{N}+$/u.test(token);
}

/** Term counts of one text: content unigrams, and bigrams of adjacent content words within a phrase segment. */
export function termCounts(text: string, options: KeywordOptions = {}): Map<string, number> {
  const stopWords = options.stopWords ?? STOP_WORDS;
  const counts = new Map<string, number>();
  const add = (term: string): void => {
    if (!options.dropSentimentWords || term.split(' ').every((t) => valenceOf(t) === undefined))
      counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  for (const segment of normalizeText(text).split(SEGMENT_BREAK)) {
    const tokens = tokensOf(segment)
      .filter((t) => t.kind !== 'emoji')
      .map((t) => t.text);
    tokens.forEach((token, i) => {
      if (!isContent(token, stopWords)) return;
      add(token);
      const next = tokens[i + 1];
      if (options.bigrams !== false && next !== undefined && isContent(next, stopWords))
        add(`${token} ${next}`);
    });
  }
  return counts;
}

/** How many of `docs` contain each term. */
export function documentFrequencies(
  docs: readonly string[],
  options: KeywordOptions = {},
): DocumentFrequencies {
  const df = new Map<string, number>();
  for (const doc of docs)
    for (const term of termCounts(doc, options).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return { docCount: docs.length, df };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

const byScoreThenTerm = (a: { term: string; score: number }, b: { term: string; score: number }): number =>
  b.score - a.score || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/** The top `k` terms of `counts`; a unigram is dropped when one bigram accounts for all its occurrences. */
function topTerms(
  counts: ReadonlyMap<string, number>,
  idf: (term: string) => number,
  k: number,
  df: (term: string) => number,
): Keyword[] {
  const covered = new Set<string>();
  for (const [term, count] of counts)
    if (term.includes(' '))
      for (const word of term.split(' ')) if (counts.get(word) === count) covered.add(word);
  return [...counts]
    .filter(([term]) => !covered.has(term))
    .map(([term, count]) => ({ term, count, df: df(term), score: round((1 + Math.log(count)) * idf(term)) }))
    .sort(byScoreThenTerm)
    .slice(0, k);
}

/** Per document, its top-k keywords by TF-IDF against the collection `docs`. Ties are ordered alphabetically. */
export function extractKeywords(docs: readonly string[], options: KeywordOptions = {}): Keyword[][] {
  const k = Math.max(0, Math.floor(options.k ?? 10));
  const minDf = options.minDf ?? 1;
  const perDoc = docs.map((doc) => termCounts(doc, options));
  const df = new Map<string, number>();
  for (const counts of perDoc) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const dfOf = (term: string): number => df.get(term) ?? 0;
  const idf = (term: string): number => Math.log((1 + docs.length) / (1 + dfOf(term))) + 1;
  return perDoc.map((counts) => {
    const kept = new Map([...counts].filter(([term]) => dfOf(term) >= minDf));
    return topTerms(kept, idf, k, dfOf);
  });
}

export interface InterestTagOptions extends KeywordOptions, AspectOptions {
  /** Document frequencies of the whole customer base; without it terms are ranked by frequency alone. */
  background?: DocumentFrequencies;
  /** Minimum occurrences across the customer's texts (default 1). */
  minCount?: number;
}

export interface InterestTags {
  terms: Keyword[];
  aspects: AspectSummary[];
}

/**
 * Interest tags of one customer: the top terms of their texts taken together (sentiment words dropped unless
 * `dropSentimentWords: false`) and the aspects they talk about, with sentiment.
 */
export function interestTags(texts: readonly string[], options: InterestTagOptions = {}): InterestTags {
  const termOptions = { ...options, dropSentimentWords: options.dropSentimentWords ?? true };
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const [term, n] of termCounts(text, termOptions)) counts.set(term, (counts.get(term) ?? 0) + n);
  const minCount = options.minCount ?? 1;
  const kept = new Map([...counts].filter(([, n]) => n >= minCount));
  const { background } = options;
  const dfOf = (term: string): number => background?.df.get(term) ?? 0;
  const idf = (term: string): number =>
    background === undefined ? 1 : Math.log((1 + background.docCount) / (1 + dfOf(term))) + 1;
  const aspectOptions = options.dictionary === undefined ? {} : { dictionary: options.dictionary };
  return {
    terms: topTerms(kept, idf, Math.max(0, Math.floor(options.k ?? 10)), dfOf),
    aspects: summarizeAspects(
      texts.map((text) => ({ text })),
      aspectOptions,
    ),
  };
}
