import Database from 'better-sqlite3';
import { createFieldCipher, resolveSecretKey } from '../src/privacy/index.js';
import { validateEmail, validatePhone, validateCountry } from '../src/prep/index.js';
const dir = process.argv[2]!;
const db = new Database(dir + '/rapport.db', { readonly: true });
const cipher = createFieldCipher(resolveSecretKey(undefined, dir));
const rows = db.prepare('select id, external_id, traits, pii from customers').all() as any[];
const c: Record<string, number> = {};
const inc = (k: string) => (c[k] = (c[k] ?? 0) + 1);
for (const r of rows) {
  const pii = r.pii ? cipher.openJson<Record<string, unknown>>(r.pii) : {};
  const traits = JSON.parse(r.traits);
  const e = validateEmail(pii.email);
  inc(pii.email == null ? 'email:missing' : e.ok ? (e.changed ? 'email:norm' : 'email:ok') : 'email:bad');
  const country = validateCountry(traits.country);
  for (const strict of [false, true]) {
    const p = validatePhone(pii.phone, { defaultRegion: country.ok ? country.value : null, strict });
    const k = pii.phone == null || pii.phone === '' ? 'missing' : p.ok ? (p.changed ? 'norm' : 'ok') : 'bad:' ;
    inc(`phone${strict ? 'S' : ''}:${k}`);
    if (!p.ok && pii.phone != null) console.log(strict, JSON.stringify(pii.phone), traits.country, p.reason);
  }
  if (traits.city == null) inc('city:missing');
  for (const f of ['first_name', 'last_name']) {
    const v = String(pii[f] ?? '');
    if (v.length >= 2 && (v === v.toLowerCase() || v === v.toUpperCase())) inc(f + ':miscased');
  }
  if (!country.ok) inc('country:bad');
}
console.log(c, Object.keys(JSON.parse(rows[0].traits)), Object.keys(cipher.openJson(rows[0].pii)));
