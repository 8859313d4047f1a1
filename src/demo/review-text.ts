import type { Rng } from '../shared/index.js';
import { agreement, fillTemplate } from './grammar.js';

/** Phrase banks for reviews; `{p}` is the product ("wrap dress"), `{d}` a number of days, `{is}` … agree with it. */
export type Sentiment = 'positive' | 'negative' | 'neutral';

const titles: Record<number, readonly string[]> = {
  1: ['Very disappointed', 'Do not buy', 'Waste of money', 'Terrible experience', 'Not as described'],
  2: ['Not great', 'Expected more', 'Meh', 'Below expectations', 'Would not buy again'],
  3: ['It is okay', 'Average', 'Does the job', 'Mixed feelings', 'Fine for the price'],
  4: ['Really nice', 'Happy with it', 'Good buy', 'Very pleased', 'Nice quality'],
  5: ['Love it!', 'Absolutely perfect', 'Excellent', 'Best purchase this year', 'Five stars, no question'],
};

const bank = {
  quality: {
    positive: [
      'The {p} feel{s} really well made and the finish is lovely.',
      'Great quality, you can tell the {p} will last for years.',
      'Beautiful {p}, even better than in the photos.',
      'Solid materials and careful stitching, the {p} {is} excellent.',
      'I use the {p} every day and {it} still look{s} brand new.',
    ],
    neutral: [
      'The {p} {is} decent, nothing special but {it} {does} the job.',
      'Quality is fine for the price.',
      'The {p} look{s} like the pictures, no surprises.',
      'An ordinary {p}, perfectly usable.',
    ],
    negative: [
      'The {p} feel{s} cheap and flimsy.',
      'Poor quality: the {p} started to fall apart after two weeks.',
      'The material of the {p} is thin and the seams are coming loose.',
      'Nothing like the photos, the {p} {is} a big letdown.',
      'The {p} broke after a few uses.',
    ],
  },
  delivery: {
    positive: [
      'Arrived quickly and well packed.',
      'Delivery was fast, it came a day early.',
      'Shipping was quick and the tracking was accurate.',
    ],
    neutral: ['Delivery took the usual few days.'],
    negative: [
      'Delivery took {d} days longer than promised.',
      'The parcel was late and tracking was not updated for days.',
      'It arrived more than a week late, with no word from the courier.',
      'Shipping was really slow, I almost cancelled the order.',
    ],
  },
  fit: {
    positive: [
      'True to size, fits perfectly.',
      'The fit is spot on.',
      'Fits exactly as the size guide says.',
    ],
    neutral: ['The fit is okay.'],
    negative: [
      'Runs small, I had to exchange for a bigger size.',
      'Far too large, the sizing is way off.',
      'The size guide is wrong, the {p} did not fit at all.',
      'Wrong size for me even though I ordered my usual size.',
    ],
  },
  condition: {
    positive: [],
    neutral: [],
    negative: [
      'The {p} arrived damaged, the box was crushed.',
      'Mine came broken and I had to send it back.',
      'Mine arrived scratched and with a dent.',
    ],
  },
} as const satisfies Record<string, Record<Sentiment, readonly string[]>>;

export type Aspect = keyof typeof bank;

const closings: Record<number, readonly string[]> = {
  1: ['I want my money back.', 'Never again.', 'Avoid.'],
  2: ['I will probably return it.', 'Not worth the money.', 'Hoping the next one is better.'],
  3: ['Okay overall.', 'Might buy again if on sale.', ''],
  4: ['Would recommend.', 'Happy overall.', 'Would buy again.'],
  5: ['Highly recommend!', 'Already ordered a second one.', 'Will definitely buy again.'],
};

export interface ReviewText {
  title: string;
  body: string;
}

/** Title and body whose sentiment follows the rating and the aspects the customer experienced. */
export function writeReview(
  rng: Rng,
  rating: number,
  product: string,
  aspects: readonly { aspect: Aspect; sentiment: Sentiment; days?: number }[],
): ReviewText {
  const sentences: string[] = [];
  const vars = { ...agreement(product), p: product };
  for (const a of aspects) {
    const options: readonly string[] = bank[a.aspect][a.sentiment];
    if (options.length === 0) continue;
    sentences.push(fillTemplate(rng.pick(options), { ...vars, d: String(a.days ?? 3) }));
  }
  const closing = rng.pick(closings[rating] ?? closings[3] ?? ['']);
  if (closing) sentences.push(closing);
  return { title: rng.pick(titles[rating] ?? titles[3] ?? ['Review']), body: sentences.join(' ') };
}
