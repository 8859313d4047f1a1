import { AppError } from '../../shared/index.js';
import { buildTask, buildValidationTask, parseRecommendSplit } from './build-task.js';
import type { EvalTask, TaskWithValidation } from './eval-task.js';
import { readText } from '../../ml/index.js';
import { parseDelimited, parseTime } from './load-interactions.js';

/** The columns of the UCI Online Retail (II) layout. */
const COLUMNS = ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID'];
const STOCK_CODE = /^\d{5}[A-Za-z]*$/;
type SevenColumns = [number, number, number, number, number, number, number];
/** Protocol P5's split date: train before it, test from it. */
export const ONLINE_RETAIL_SPLIT = '2010-10-01';

export interface OnlineRetailTasks {
  /** Task (a) `repeat-allowed`: the distinct items bought in the test period, nothing excluded; then task (b) `new-items`: the customer's training items left out of candidates and target. */
  tasks: TaskWithValidation[];
  rows: { read: number; kept: number };
}

/**
 * Protocol P5 on the raw Online Retail II file: cleaning (no customer id, cancellations `C…` and adjustments `A…`,
 * quantity or price ≤ 0, stock codes other than five digits and optional letters are dropped), a temporal split at
 * 2010-10-01, the catalogue of stock codes seen in training in ascending string order, weights = distinct training
 * invoices per customer and item, item text = the item's first description.
 */
export function onlineRetailTasks(file: string, split = ONLINE_RETAIL_SPLIT): OnlineRetailTasks {
  const records = parseDelimited(readText(file), file, ',');
  const header = records[0] ?? [];
  const at = COLUMNS.map((c) => header.indexOf(c));
  const missing = COLUMNS.filter((_, k) => (at[k] as number) < 0);
  if (missing.length > 0)
    throw new AppError(
      'invalid_training_data',
      `${file} is not in the Online Retail layout: no ${missing.map((m) => JSON.stringify(m)).join(', ')} column`,
      { columns: header },
    );
  const [inv, code, desc, qty, date, price, cust] = at as SevenColumns;
  const users: string[] = [];
  const items: string[] = [];
  const baskets: string[] = [];
  const times: number[] = [];
  const description = new Map<string, string>();
  const splitAt = parseRecommendSplit(`temporal:${split}`);
  for (let r = 1; r < records.length; r++) {
    const row = records[r] as string[];
    const customer = (row[cust] ?? '').trim();
    const invoice = (row[inv] ?? '').trim();
    const stock = (row[code] ?? '').trim();
    if (customer === '' || invoice.startsWith('C') || invoice.startsWith('A')) continue;
    if (!(Number(row[qty]) > 0) || !(Number(row[price]) > 0) || !STOCK_CODE.test(stock)) continue;
    const t = parseTime(row[date] ?? '');
    if (!Number.isFinite(t))
      throw new AppError(
        'invalid_training_data',
        `${file} line ${r + 1}: bad InvoiceDate ${JSON.stringify(row[date])}`,
      );
    users.push(customer);
    items.push(stock);
    baskets.push(invoice);
    times.push(t);
    const text = (row[desc] ?? '').trim();
    if (splitAt.kind === 'temporal' && t < splitAt.at && text !== '' && !description.has(stock))
      description.set(stock, text);
  }
  const rows = { users, items, times: Float64Array.from(times), basket: baskets };
  const withText = (task: EvalTask): EvalTask => ({
    ...task,
    train: { ...task.train, itemText: task.itemIds.map((id) => description.get(id) ?? id) },
  });
  const make = (excludeSeen: boolean, name: string): TaskWithValidation => ({
    task: withText(buildTask(rows, splitAt, { excludeSeen, name })),
    validation: withText(buildValidationTask(rows, splitAt, { excludeSeen })),
  });
  return {
    tasks: [make(false, 'repeat-allowed'), make(true, 'new-items')],
    rows: { read: records.length - 1, kept: users.length },
  };
}
