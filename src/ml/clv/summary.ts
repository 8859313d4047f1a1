import { checkFinite, checkNonEmpty, mlInputError } from '../validate.js';

/**
 * One customer's purchase history for the BG/NBD model, every time in one unit (days or weeks) and measured
 * from the customer's first purchase.
 */
export interface CustomerSummary {
  /** x: repeat purchases, i.e. purchases after the first one. A non-negative integer. */
  frequency: number;
  /** t_x: time of the last repeat purchase; 0 when `frequency` is 0. */
  recency: number;
  /** T: time to the end of the observation period; at least `recency`. */
  age: number;
}

/** Many customers' summaries as columns of equal length. */
export interface CustomerSummaries {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  age: ArrayLike<number>;
}

/** For the Gamma-Gamma model: repeat purchases and the mean value of the repeat orders (unused at x = 0). */
export interface OrderValueSummary {
  frequency: number;
  monetaryValue: number;
}

export interface OrderValueSummaries {
  frequency: ArrayLike<number>;
  monetaryValue: ArrayLike<number>;
}

export function checkCustomerSummaries(data: CustomerSummaries): number {
  const n = checkColumns([data.frequency, data.recency, data.age], 'frequency, recency and age');
  for (let i = 0; i < n; i++) checkCustomer(data.frequency[i]!, data.recency[i]!, data.age[i]!, i);
  return n;
}

export function checkCustomerSummary(customer: CustomerSummary): void {
  checkCustomer(customer.frequency, customer.recency, customer.age);
}

export function checkOrderValueSummaries(data: OrderValueSummaries): number {
  const n = checkColumns([data.frequency, data.monetaryValue], 'frequency and monetaryValue');
  for (let i = 0; i < n; i++) checkOrderValue(data.frequency[i]!, data.monetaryValue[i]!, i);
  return n;
}

export function checkOrderValueSummary(customer: OrderValueSummary): void {
  checkOrderValue(customer.frequency, customer.monetaryValue);
}

/** A finite non-negative time (a horizon or an age); `what` names it in the error. */
export function checkTime(what: string, t: number): void {
  if (!(t >= 0 && t < Infinity)) {
    throw mlInputError('out_of_range', `${what} must be a finite non-negative number, got ${t}`, {
      value: t,
    });
  }
}

function checkColumns(columns: ArrayLike<number>[], what: string): number {
  const n = columns[0]!.length;
  for (const column of columns) {
    if (column.length !== n) {
      throw mlInputError('length_mismatch', `${what} differ in length`, {
        lengths: columns.map((c) => c.length),
      });
    }
  }
  checkNonEmpty('the customer summaries', columns[0]!);
  for (const column of columns) checkFinite(`the customer summaries (${what})`, column);
  return n;
}

function checkCustomer(x: number, tx: number, T: number, index?: number): void {
  checkFrequency(x, index);
  const at = where(index);
  if (!(T >= 0 && T < Infinity)) throw outOfRange(`age ${T}${at} must be finite and non-negative`, index);
  if (!(tx >= 0 && tx <= T))
    throw outOfRange(`recency ${tx}${at} must lie between 0 and the age ${T}`, index);
  if (x === 0 && tx !== 0) {
    throw outOfRange(`recency ${tx}${at} must be 0 for a customer without repeat purchases`, index);
  }
}

function checkOrderValue(x: number, m: number, index?: number): void {
  checkFrequency(x, index);
  if (x > 0 && !(m > 0 && m < Infinity)) {
    throw outOfRange(`monetaryValue ${m}${where(index)} must be a positive finite number`, index);
  }
}

function checkFrequency(x: number, index?: number): void {
  if (!(Number.isInteger(x) && x >= 0)) {
    throw outOfRange(`frequency ${x}${where(index)} must be a non-negative integer`, index);
  }
}

function where(index: number | undefined): string {
  return index === undefined ? '' : ` at index ${index}`;
}

function outOfRange(message: string, index: number | undefined): Error {
  return mlInputError('out_of_range', message, index === undefined ? {} : { index });
}
