/**
 * Bulk import: CSV, TSV and JSONL files (gzip too) streamed into the stores with constant memory.
 *
 * @example
 * const report = await importFile(
 *   { file: 'online_retail_II.csv.gz', preset: 'online-retail', rejectsDir: config.dataDir },
 *   { stores, ingestor, cipher, clock },
 *   (p) => bar.update(p.bytesRead, p.totalBytes),
 * );
 * console.log(report.accepted, report.rejectsByReason);
 */
export { importFile, inferFormat, canonicalFields } from './import-file.js';

/**
 * Types of the import API.
 *
 * @example
 * const options: ImportOptions = { file: 'customers.csv', type: 'customers', map: { 'E-mail': 'email' } };
 */
export {
  importTypes,
  importFormats,
  type ImportType,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type ImportDeps,
  type ImportStores,
} from './types.js';

/**
 * The deterministic customer id of a shop's user id; identity resolution uses the same function.
 *
 * @example
 * customerIdFor('13085'); // 'cus_' + 20 base32 characters
 */
export { customerIdFor } from '../shared/index.js';

/**
 * Known file layouts.
 *
 * @example
 * getPreset('online-retail').map; // { Invoice: 'order_id', StockCode: 'product_id', … }
 */
export { getPreset, listPresets, type ImportPreset } from './presets.js';

/**
 * Stable codes of rows the importer rejects (events add the ingestor's codes).
 *
 * @example
 * rowRejectCodes.includes('missing_field'); // true
 */
export { rowRejectCodes, type RowRejectCode } from './field-reader.js';

/**
 * Times as the importer reads them: ISO-8601, zone-less date-times as UTC, epoch ms.
 *
 * @example
 * parseImportTime('2010-12-01 08:26:00'); // 1291191960000
 */
export { parseImportTime } from './parse-time.js';
