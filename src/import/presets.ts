import { AppError } from '../shared/index.js';
import type { ImportFormat, ImportType } from './types.js';

/** A known file layout: how its columns map to canonical fields, and what follows from them. */
export interface ImportPreset {
  readonly name: string;
  readonly description: string;
  readonly type: ImportType;
  readonly format?: ImportFormat;
  /** Source column → canonical field. */
  readonly map: Readonly<Record<string, string>>;
  /** Canonical fields given a value when a row leaves them empty. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** Derives canonical fields from others, after mapping and defaults. */
  readonly derive?: (fields: Record<string, unknown>) => void;
  /** Order fields copied into the traits of the customers an orders import creates. */
  readonly customerTraits?: readonly string[];
}

const onlineRetail: ImportPreset = {
  name: 'online-retail',
  description:
    'UCI Online Retail II: Invoice, StockCode, Description, Quantity, InvoiceDate, Price, Customer ID, Country',
  type: 'orders',
  map: {
    Invoice: 'order_id',
    StockCode: 'product_id',
    Description: 'description',
    Quantity: 'quantity',
    InvoiceDate: 'placed_at',
    Price: 'unit_price',
    'Customer ID': 'user_id',
    Country: 'country',
  },
  // The dataset's prices are in pounds sterling.
  defaults: { currency: 'GBP' },
  derive(fields) {
    if (fields.kind !== undefined) return;
    const invoice = fields.order_id;
    if (typeof invoice !== 'string') return;
    if (invoice.startsWith('C')) fields.kind = 'cancellation';
    else if (invoice.startsWith('A')) fields.kind = 'adjustment';
  },
  customerTraits: ['country'],
};

const registry = new Map<string, ImportPreset>([[onlineRetail.name, onlineRetail]]);

export function listPresets(): ImportPreset[] {
  return [...registry.values()];
}

export function getPreset(name: string): ImportPreset {
  const preset = registry.get(name);
  if (!preset) {
    throw new AppError(
      'unknown_preset',
      `No import preset named "${name}". Known: ${[...registry.keys()].join(', ')}.`,
      {
        preset: name,
        known: [...registry.keys()],
      },
    );
  }
  return preset;
}
