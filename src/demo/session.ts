import type { Rng } from '../shared/index.js';
import type { Catalog, CatalogProduct } from './catalog.js';
import { iso } from './calendar.js';
import type { Shopper } from './customers.js';
import { cents, clamp, geometric } from './distributions.js';
import { chargeLines, drawQuantity, eventProducts, subtotalOf, type OrderDraft } from './orders.js';
import type { ProductPicker } from './preferences.js';
import {
  createRecorder,
  type CampaignContext,
  type Device,
  type Recorder,
  type SimEvent,
} from './recorder.js';
import type { DemoJsonObject } from './types.js';

export interface SessionSpec {
  startMs: number;
  device: Device;
  /** The customer behind the device; null for a visitor who never signs up. */
  shopper: Shopper | null;
  picker: ProductPicker;
  session: number;
  campaign: CampaignContext | null;
  referrer: string;
  coupon: { code: string; rate: number } | null;
  /** Multiplies the chance of going to checkout (discount emails work through this). */
  checkoutBoost: number;
  /** This is the session in which the customer creates the account. */
  signup: boolean;
  /** A category the visit is about (the one an email featured). */
  categoryHint: number | null;
  /** Alias the app's anonymousId when the customer logs in (some mobile setups do). */
  aliasOnLogin: boolean;
}

export interface SessionResult {
  events: SimEvent[];
  endMs: number;
  order: OrderDraft | null;
  /** The device ends the session logged in. */
  loggedIn: boolean;
  anonymous: boolean;
  identifies: number;
  aliases: number;
}

function productProps(catalog: Catalog, p: CatalogProduct): DemoJsonObject {
  return {
    product_id: p.id,
    sku: p.id,
    name: p.name,
    category: catalog.categories[p.category] ?? '',
    brand: p.brand,
    price: p.price,
    currency: 'EUR',
  };
}

function signupTraits(rng: Rng, s: Shopper): DemoJsonObject {
  const traits: DemoJsonObject = {
    email: rng.bool(0.08) ? s.email.replace(/^./, (c) => c.toUpperCase()) : s.email,
    first_name: s.firstName,
    last_name: s.lastName,
    country: s.country.code,
    city: s.city,
    created_at: iso(s.createdMs),
  };
  if (rng.bool(0.7)) traits.phone = s.phone;
  if (s.plan) traits.plan = s.plan;
  return traits;
}

function logIn(
  rng: Rng,
  rec: Recorder,
  spec: SessionSpec,
  shopper: Shopper,
  counts: { identifies: number; aliases: number },
) {
  rec.wait(rng, 10, 60);
  rec.view('Log In', '/account/login', 'Log in');
  rec.wait(rng, 10, 40);
  rec.identify(shopper.userId, { email: shopper.email });
  counts.identifies++;
  if (spec.aliasOnLogin) {
    rec.alias(shopper.userId);
    counts.aliases++;
  }
}

/** One visit: browse → add to cart → sometimes checkout, as the person's tastes make likely. */
export function runSession(rng: Rng, spec: SessionSpec, catalog: Catalog): SessionResult {
  const { device, shopper, picker } = spec;
  const rec = createRecorder({
    device,
    userId: device.identified && shopper ? shopper.userId : null,
    session: spec.session,
    startMs: spec.startMs,
    campaign: spec.campaign,
    referrer: spec.referrer,
  });
  const counts = { identifies: 0, aliases: 0 };
  const startedAnonymous = rec.userId() === null;
  rec.view('Home', '/', 'Maple & Moss');

  if (spec.signup && shopper) {
    rec.wait(rng, 15, 60);
    rec.view('Sign Up', '/account/signup', 'Create your account');
    rec.at(shopper.createdMs);
    rec.identify(shopper.userId, signupTraits(rng, shopper));
    counts.identifies++;
    if (spec.aliasOnLogin) {
      rec.alias(shopper.userId);
      counts.aliases++;
    }
    const props: DemoJsonObject = { method: rng.pick(['email', 'email', 'google', 'apple']) };
    if (shopper.plan) props.plan = shopper.plan;
    rec.track('Signed Up', props);
  } else if (shopper && rec.userId() === null && rng.bool(0.2)) {
    logIn(rng, rec, spec, shopper, counts);
  }

  let searched: number | null = null;
  if (rng.bool(0.3)) {
    searched = spec.categoryHint ?? picker.category(rng);
    const spec0 = catalog.specs[searched];
    const sub = spec0 ? rng.pick(spec0.subcategories) : null;
    const noun = sub ? rng.pick(sub.nouns).toLowerCase() : 'gift';
    const query = rng.bool(0.5) && spec0 ? `${rng.pick(spec0.adjectives).toLowerCase()} ${noun}` : noun;
    rec.wait(rng, 5, 30);
    rec.view('Search', `/search?q=${encodeURIComponent(query)}`, `Search: ${query}`);
    rec.track('Products Searched', { query });
  }

  const cartId = `cart_${spec.session}`;
  const cart: { product: CatalogProduct; quantity: number }[] = [];
  const views = Math.min(spec.signup ? 4 : 12, 1 + geometric(rng, 0.3));
  for (let v = 0; v < views; v++) {
    rec.wait(rng, 15, 110);
    const category =
      searched !== null && rng.bool(0.7)
        ? searched
        : spec.categoryHint !== null && rng.bool(0.5)
          ? spec.categoryHint
          : picker.category(rng);
    const product = picker.product(rng, category, rec.now());
    if (!product) continue;
    rec.view('Product', product.path, product.name, { product_id: product.id });
    rec.track('Product Viewed', productProps(catalog, product));
    const boost = spec.coupon ? 1.3 : 1;
    if (cart.some((c) => c.product === product) || !rng.bool(picker.addProbability(product) * boost))
      continue;
    rec.wait(rng, 5, 40);
    const quantity = drawQuantity(rng);
    rec.track('Product Added', { ...productProps(catalog, product), quantity, cart_id: cartId });
    cart.push({ product, quantity });
  }

  const finish = (order: OrderDraft | null): SessionResult => ({
    events: rec.events,
    endMs: rec.now(),
    order,
    loggedIn: rec.userId() !== null,
    anonymous: startedAnonymous && rec.userId() === null,
    ...counts,
  });
  if (cart.length === 0) return finish(null);

  if (cart.length > 1 && rng.bool(0.12)) {
    const removed = cart.splice(rng.int(0, cart.length), 1)[0];
    if (removed) {
      rec.wait(rng, 5, 30);
      rec.track('Product Removed', {
        ...productProps(catalog, removed.product),
        quantity: removed.quantity,
        cart_id: cartId,
      });
    }
  }
  if (rng.bool(0.75)) {
    rec.wait(rng, 5, 40);
    rec.view('Cart', '/cart', 'Your cart');
    rec.track('Cart Viewed', {
      cart_id: cartId,
      products: cart.map((c) => ({ ...productProps(catalog, c.product), quantity: c.quantity })),
    });
  }
  // Visitors without an account never check out: the shop needs a login for that.
  if (!shopper) return finish(null);
  const sensitivity = shopper.tastes.priceSensitivity;
  const pCheckout = clamp(0.42 * spec.checkoutBoost * (spec.coupon ? 1 + 0.6 * sensitivity : 1), 0, 0.95);
  if (!rng.bool(pCheckout)) return finish(null);
  if (rec.userId() === null) logIn(rng, rec, spec, shopper, counts);

  const { lines, outliers } = chargeLines(rng, cart);
  const subtotal = subtotalOf(lines);
  const discount = spec.coupon ? cents(subtotal * spec.coupon.rate) : 0;
  const products = eventProducts(catalog, lines);
  rec.wait(rng, 10, 60);
  rec.view('Checkout', '/checkout', 'Checkout');
  const checkout: DemoJsonObject = {
    cart_id: cartId,
    value: subtotal,
    revenue: cents(subtotal - discount),
    discount,
    currency: 'EUR',
    products,
  };
  if (spec.coupon) checkout.coupon = spec.coupon.code;
  rec.track('Checkout Started', checkout);
  if (!rng.bool(0.8)) return finish(null);

  rec.wait(rng, 40, 240);
  rec.view('Order Confirmation', '/checkout/confirmation', 'Thank you for your order');
  const total = cents(subtotal - discount);
  const completed: DemoJsonObject = {
    order_id: '',
    total,
    subtotal,
    revenue: total,
    discount,
    currency: 'EUR',
    products: products.map((p) => ({ ...p })),
  };
  if (spec.coupon) completed.coupon = spec.coupon.code;
  rec.track('Order Completed', completed);
  return finish({
    id: '',
    userId: shopper.userId,
    placedMs: rec.now(),
    country: shopper.country.code,
    channel: device.platform,
    lines,
    discount,
    coupon: spec.coupon?.code ?? null,
    eventProps: [completed],
    outliers,
  });
}
