/**
 * Removes duplicate events: the same messageId (retries), the same content under another messageId, and
 * near-duplicates (same customer, type, event name and properties within `toleranceMs`, 2 s by default).
 * The earliest copy survives, so the result is independent of input order and idempotent.
 *
 * @example
 * const { kept, removed, report } = dedupeEvents(events, { toleranceMs: 2000 });
 * touchedBy(report, 'duplicate_message_id'); // how many retries were dropped
 * removed[0]; // { event, rule: 'near_duplicate', keptId: 'evt_…' }
 */
export {
  dedupeEvents,
  type EventInput,
  type DedupeOptions,
  type DedupeResult,
  type DedupeRule,
  type RemovedEvent,
} from './dedupe.js';

/**
 * Validates every named column of a table and normalizes it: emails, phones (E.164, national numbers read in the
 * row's country), countries (ISO 3166-1 alpha-2), currencies (ISO 4217) and timestamps (not in the future beyond a
 * tolerance, not before the shop opened). Invalid cells become null and are listed; rows are copied.
 *
 * @example
 * const { rows, problems, report } = validateRows(customers, {
 *   fields: { email: 'email', phone: 'phone', country: 'country', created_at: 'timestamp' },
 *   now: clock.now(),
 *   shopStart: Date.parse('2019-01-01T00:00:00Z'),
 *   idField: 'user_id',
 * });
 * problems[0]; // { row: 57, column: 'email', rule: 'email:consecutive_dots', message: 'The email has two dots in a row.' }
 */
export {
  validateRows,
  type FieldKind,
  type ValidateRowsOptions,
  type ValidateRowsResult,
  type RowProblem,
} from './validate-rows.js';

/**
 * The verdict of a single-value validator: the normalized value, or a stable snake_case reason and a sentence.
 *
 * @example
 * const v: Checked<string, EmailProblem> = validateEmail(input);
 * if (!v.ok) log.warn({ reason: v.reason }, v.message);
 */
export type { Checked } from './checked.js';

/**
 * Checks an email and returns it trimmed and lower-cased, or the first problem found (`multiple_at`,
 * `consecutive_dots`, `missing_tld`, `whitespace_inside`, …).
 *
 * @example
 * validateEmail(' Ann@Example.COM '); // { ok: true, value: 'ann@example.com', changed: true }
 * validateEmail('ann@@example.com'); // { ok: false, reason: 'multiple_at', message: '…' }
 */
export { validateEmail, type EmailProblem } from './email.js';

/**
 * Normalizes a phone number to E.164 with libphonenumber-js; national numbers need a default region.
 *
 * @example
 * validatePhone('0151 23456789', { defaultRegion: 'DE' }); // { ok: true, value: '+4915123456789', changed: true }
 * validatePhone('12-34', { defaultRegion: 'DE' }); // { ok: false, reason: 'too_short', … }
 */
export { validatePhone, type PhoneOptions, type PhoneProblem } from './phone.js';

/**
 * Normalizes a country (alpha-2, retired alpha-2, alpha-3, ISO numeric or English name) to ISO 3166-1 alpha-2;
 * `countryCodes()` lists every code accepted (the 249 ISO codes and XK).
 *
 * @example
 * validateCountry('Deutschland'); // { ok: false, reason: 'unknown_country', … } (English names only)
 * validateCountry('DEU'); // { ok: true, value: 'DE', changed: true }
 * validateCountry('UK'); // { ok: true, value: 'GB', changed: true }
 */
export { validateCountry, countryCodes, type CountryProblem } from './country.js';

/**
 * Normalizes a currency to an upper-case ISO 4217 code the runtime knows.
 *
 * @example
 * validateCurrency(' eur '); // { ok: true, value: 'EUR', changed: true }
 * currencyCodes().has('CHF'); // true
 */
export { validateCurrency, currencyCodes, type CurrencyProblem } from './currency.js';

/**
 * Parses epoch ms or strict ISO-8601 (a date-time needs Z or an offset), and checks a time against the window in
 * which real events can have happened.
 *
 * @example
 * parseTimestamp('2024-02-30'); // { ok: false, reason: 'invalid_date', … }
 * checkTimestamp(Date.now() + 3_600_000, { now: Date.now() }); // { ok: false, reason: 'in_future', … }
 */
export { parseTimestamp, checkTimestamp, type TimestampProblem, type TimestampWindow } from './timestamp.js';

/**
 * Fits per-feature imputation (mean, median, mode, constant, k-nearest-neighbour) on training rows; applies it to
 * any rows, adding a `<feature>_imputed` flag. The fitted imputer is plain JSON.
 *
 * @example
 * const { imputer } = fitImputer(train, {
 *   age: { method: 'median' },
 *   city: { method: 'mode' },
 *   spend: { method: 'knn', using: ['age', 'orders'], k: 5 },
 * });
 * const { rows, report } = applyImputer(imputer, serving); // rows[i].age_imputed is 1 where age was missing
 */
export {
  fitImputer,
  type ImputeStrategy,
  type FittedImputer,
  type FittedImputation,
  type FitImputerOptions,
} from './impute-fit.js';

/**
 * Applies a fitted imputer; `imputedFlag(name)` is the name of the flag column it adds.
 *
 * @example
 * const { rows } = applyImputer(imputer, [{ age: null }]);
 * rows[0]?.[imputedFlag('age')]; // 1
 */
export { applyImputer, imputedFlag, type ApplyImputerOptions } from './impute-apply.js';

/**
 * The fitted k-NN model stored inside an imputer: standardized donor rows and their targets.
 *
 * @example
 * const fitted = imputer.features.spend;
 * if (fitted?.method === 'knn') fitted.knn.donors.length; // training rows that had a spend
 */
export type { KnnModel } from './knn.js';

/**
 * Outlier fences: IQR (k = 1.5), z-score (3σ) and MAD modified z-score (3.5), from finite numbers.
 *
 * @example
 * outlierFences([10, 12, 11, 13, 12, 11, 10, 12, 95, -40], { method: 'iqr' }); // { lower: 7.625, upper: 14.625 }
 */
export { outlierFences, type OutlierRule, type Fences } from './outlier-fences.js';

/**
 * Fits fences per column on training rows and applies a policy: cap to the fence, drop the row, or flag it in
 * `<column>_outlier`. The fitted fences are plain JSON.
 *
 * @example
 * const { rows, dropped, report } = handleOutliers(lines, {
 *   quantity: { method: 'mad', policy: 'flag' },
 *   unit_price: { method: 'iqr', k: 3, policy: 'cap' },
 * });
 * const { fences } = fitOutlierFences(train, { amount: { method: 'zscore', policy: 'drop' } });
 * applyOutlierFences(fences, serving).rows;
 */
export {
  fitOutlierFences,
  applyOutlierFences,
  handleOutliers,
  outlierFlag,
  type OutlierPolicy,
  type OutlierSpec,
  type FittedOutlierFences,
  type OutlierOptions,
} from './outliers.js';

/**
 * Min-max, z-score and robust (median/IQR) scaling per column, fitted on training rows; the fitted scaler is plain
 * JSON, and `unscaleRows` inverts `scaleRows`.
 *
 * @example
 * const { scaler } = fitScaler(train, { recency: 'robust', frequency: 'zscore', monetary: 'minmax' });
 * const scaled = scaleRows(scaler, serving).rows;
 * unscaleRows(scaler, scaled).rows; // the serving rows again, up to rounding
 * scaleValue(scaler.columns.recency!, 30); // one value
 */
export {
  fitScaler,
  fitScaleParams,
  scaleRows,
  unscaleRows,
  scaleValue,
  unscaleValue,
  type ScaleMethod,
  type ScaleParams,
  type FittedScaler,
  type ScaleOptions,
} from './scaling.js';

/**
 * The data-quality report every step returns: per rule, rows touched and the first examples; per numeric column,
 * before/after summaries. `createReportBuilder` is how a step fills one.
 *
 * @example
 * const b = createReportBuilder('my_step', 5);
 * b.touch('price:negative', { row: 3, column: 'price', before: displayValue(-1) });
 * const report: QualityReport = b.build(10, 10);
 * touchedBy(report, 'price:negative'); // 1
 */
export {
  createReportBuilder,
  displayValue,
  touchedBy,
  type QualityReport,
  type RuleReport,
  type RuleExample,
  type ColumnShift,
  type ReportBuilder,
} from './quality-report.js';

/**
 * A numeric column at a glance: count, missing, mean, σ, min, max, linear quantiles and a numpy-style histogram;
 * null instead of NaN so it is valid JSON.
 *
 * @example
 * summarizeNumeric([1, 2, null, 4], { bins: 3 }); // { count: 3, missing: 1, mean: 2.333…, … }
 */
export { summarizeNumeric, type NumericSummary, type SummaryOptions } from './distribution.js';

/**
 * What counts as missing everywhere in this stage: null, undefined, NaN, ±Infinity, blank strings.
 *
 * @example
 * [null, NaN, '  ', 0, 'x'].map(isMissing); // [true, true, true, false, false]
 */
export { isMissing, type DataRow, type OutputRow } from './cells.js';

/**
 * The data-quality report over everything stored (customers, products, order lines, events): per source, rules
 * with rows touched, masked examples with ids, outlier fences and before/after distributions. Reads through the
 * `QualityReportSource` port; `touchedIn` reads one count back.
 *
 * @example
 * const report = await buildQualityReport(createQualityReportSource(stores, cipher), { now: clock.now() });
 * touchedIn(report.sources.customers, 'email:malformed'); // customers whose email fails validation
 * report.sources.orderLines.rules.find((r) => r.rule === 'quantity:outlier')?.fences; // { lower: 0.1, upper: 10, … }
 */
export {
  buildQualityReport,
  DEFAULT_EXAMPLES,
  DEFAULT_RECENT_EVENTS,
  MAX_EXAMPLES,
  MAX_RECENT_EVENTS,
} from './report/build-quality-report.js';
export { touchedIn } from './report/section.js';
export type {
  DataQualityReport,
  QualityReportOptions,
  QualityRule,
  QualitySourceName,
  RuleFences,
  SourceQualityReport,
} from './report/types.js';

/**
 * What the data-quality report reads, as ports: the adapters implement `QualityReads` over SQL and compose the rest
 * from existing stores.
 *
 * @example
 * const reads: QualityReads = createSqlQualityReads(db);
 * for await (const page of reads.eventTimings()) page[0]?.receivedAt;
 */
export type {
  QualityReportSource,
  QualityReads,
  CustomerQualityRow,
  ProductQualityRow,
  OrderLineQualityRow,
  EventTimingRow,
  RecentEventRow,
} from './ports.js';
