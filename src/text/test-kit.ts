import { createRng } from '../shared/index.js';

/** Phrases per intent of a small synthetic shop-support dataset, for tests. */
const INTENTS: Record<string, { subjects: string[]; asks: string[] }> = {
  order_status: {
    subjects: ['my order', 'the parcel', 'my package', 'the delivery', 'order 1234'],
    asks: ['where is', 'when will I get', 'has anyone shipped', 'track', 'still waiting for'],
  },
  refund: {
    subjects: ['a refund', 'my money back', 'the refund', 'reimbursement', 'the charge'],
    asks: ['I want', 'how do I get', 'please process', 'still no sign of', 'can you reverse'],
  },
  change_address: {
    subjects: ['my address', 'the shipping address', 'delivery address', 'my postcode', 'the street name'],
    asks: ['how can I change', 'I need to update', 'please correct', 'wrong', 'edit'],
  },
  cancel: {
    subjects: ['my subscription', 'the order', 'my account', 'this purchase', 'the plan'],
    asks: ['cancel', 'I want to stop', 'please terminate', 'how to cancel', 'end'],
  },
};

const FILLERS = ['', 'please', 'thanks', 'asap', 'today', 'hello', 'hi team', '!!', '?'];

/** `perIntent` generated texts per intent (shuffled), seeded. */
export function syntheticIntents(perIntent: number, seed = 'intents'): { texts: string[]; labels: string[] } {
  const rng = createRng(seed);
  const rows: { text: string; label: string }[] = [];
  for (const [label, { subjects, asks }] of Object.entries(INTENTS))
    for (let i = 0; i < perIntent; i++) {
      const text = [rng.pick(FILLERS), rng.pick(asks), rng.pick(subjects), rng.pick(FILLERS)]
        .filter((s) => s !== '')
        .join(' ');
      rows.push({ text, label });
    }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { texts: rows.map((r) => r.text), labels: rows.map((r) => r.label) };
}
