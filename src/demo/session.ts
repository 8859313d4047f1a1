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

// The odds of a visit, shared by `runSession` (which draws them) and `orderChance` (which adds them up).
/** A visit starts with a search with this chance. */
const SEARCH = 0.3;
/** After a search, a view stays in the searched category; else, with an email's category, in that one. */
const STAY_ON_SEARCH = 0.7;
const STAY_ON_HINT = 0.5;
/** Views per visit: 1 + geometric(VIEW_STOP), at most MAX_VIEWS (SIGNUP_VIEWS in the signup visit). */
const VIEW_STOP = 0.3;
const MAX_VIEWS = 12;
const SIGNUP_VIEWS = 4;
/** A coupon makes adding to the cart more likely by this factor. */
const COUPON_ADD_BOOST = 1.3;
/** A cart goes to checkout with this chance (times the email's boost, and more with a coupon for the price-sensitive). */
const CHECKOUT = 0.42;
const COUPON_CHECKOUT = 0.6;
const MAX_CHECKOUT = 0.95;
/** A started checkout is paid with this chance. */
const PAY = 0.8;

function checkoutChance(spec: Pick<SessionSpec, 'checkoutBoost' | 'coupon'>, shopper: Shopper): number {
  const sensitivity = shopper.tastes.priceSensitivity;
  return clamp(
    CHECKOUT * spec.checkoutBoost * (spec.coupon ? 1 + COUPON_CHECKOUT * sensitivity : 1),
    0,
    MAX_CHECKOUT,
  );
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
  if (rng.bool(SEARCH)) {
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
  const views = Math.min(spec.signup ? SIGNUP_VIEWS : MAX_VIEWS, 1 + geometric(rng, VIEW_STOP));
  for (let v = 0; v < views; v++) {
    rec.wait(rng, 15, 110);
    const category =
      searched !== null && rng.bool(STAY_ON_SEARCH)
        ? searched
        : spec.categoryHint !== null && rng.bool(STAY_ON_HINT)
          ? spec.categoryHint
          : picker.category(rng);
    const product = picker.product(rng, category, rec.now());
    if (!product) continue;
    rec.view('Product', product.path, product.name, { product_id: product.id });
    rec.track('Product Viewed', productProps(catalog, product));
    const boost = spec.coupon ? COUPON_ADD_BOOST : 1;
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
  if (!rng.bool(checkoutChance(spec, shopper))) return finish(null);
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
  if (!rng.bool(PAY)) return finish(null);

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

/** What decides whether a visit of a known customer ends in an order. */
export type VisitOdds = Pick<SessionSpec, 'startMs' | 'picker' | 'coupon' | 'checkoutBoost' | 'categoryHint'>;

/** E[(1 − a)^views]: the chance that no view of a visit adds to the cart when each does with chance `a`. */
function noAdd(a: number): number {
  let out = 0;
  let reach = 1; // P(views >= v)
  for (let v = 1; v < MAX_VIEWS; v++) {
    out += reach * VIEW_STOP * Math.pow(1 - a, v);
    reach *= 1 - VIEW_STOP;
  }
  return out + reach * Math.pow(1 - a, MAX_VIEWS);
}

/**
 * Chance that a visit (not the signup visit) of `shopper` ends in an order: the odds behind `runSession`'s draws,
 * added up instead of drawn, for the hidden truth. Exact but for the few seconds a visit lasts (products are taken
 * as they exist at its start).
 */
export function orderChance(spec: VisitOdds, shopper: Shopper, catalog: Catalog): number {
  const { picker, categoryHint: hint } = spec;
  const boost = spec.coupon ? COUPON_ADD_BOOST : 1;
  const add = catalog.categories.map((_, c) => picker.addChance(c, spec.startMs, boost));
  const anywhere = add.reduce((sum, a, c) => sum + picker.categoryChance(c) * a, 0);
  // A view that does not stay on the searched category.
  const free = hint === null ? anywhere : STAY_ON_HINT * (add[hint] ?? 0) + (1 - STAY_ON_HINT) * anywhere;
  const searched: [number, number][] =
    hint === null ? add.map((_, c) => [c, picker.categoryChance(c)]) : [[hint, 1]];
  let emptyCart = (1 - SEARCH) * noAdd(free);
  for (const [c, share] of searched)
    emptyCart += SEARCH * share * noAdd(STAY_ON_SEARCH * (add[c] ?? 0) + (1 - STAY_ON_SEARCH) * free);
  return (1 - emptyCart) * checkoutChance(spec, shopper) * PAY;
}
