/**
 * The built-in aspect dictionary: aspect → trigger terms (English, then German). A term is a word or a phrase,
 * matched on tokens after normalization; a trailing `*` matches any token with that prefix (useful for German
 * compounds: "liefer*" matches "lieferung", "lieferzeit"). Authored for Rapport.
 */
export type AspectDictionary = Readonly<Record<string, readonly string[]>>;

const terms = (text: string): readonly string[] =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

export const ASPECT_LEXICON: AspectDictionary = {
  delivery: terms(`delivery, deliveries, deliver, delivered, delivering, shipping, shipped, ship, ships,
    shipment, shipments, arrived, arrive, arrives, arrival, courier, dispatch, dispatched, postage, tracking,
    transit, lieferung, liefer*, geliefert, versand*, verschickt, zustellung, zugestellt, angekommen`),
  price: terms(`price, prices, priced, pricing, pricey, pricy, overpriced, cost, costs, costly, expensive,
    cheap, cheaper, cheapest, affordable, inexpensive, value for money, bargain, money, worth the money,
    worth every penny, preis*, teuer, günstig, billig, kosten, preiswert, geld`),
  quality: terms(`quality, durable, durability, sturdy, flimsy, build quality, well made, cheaply made,
    poorly made, material, materials, construction, craftsmanship, fell apart, falls apart, broke, broken,
    lasted, lasts, qualität, verarbeitung, verarbeitet, hochwertig, minderwertig, material*, kaputt`),
  size: terms(`size, sizes, sizing, fit, fits, fitted, too small, too big, too large, too tight, too loose,
    true to size, runs small, runs large, length, größe, groesse, passform, passt, zu klein, zu groß`),
  'customer-service': terms(`customer service, customer support, support, service, help desk, helpdesk,
    representative, hotline, call center, response time, kundenservice, kundendienst, service*`),
  packaging: terms(`packaging, packaged, packing, packed, box, boxes, wrapping, wrapped, bubble wrap, sealed,
    verpackung, verpackt, karton`),
  battery: terms(`battery, batteries, battery life, charge, charging, charger, recharge, rechargeable,
    akku*, batterie*, aufladen, ladezeit`),
  sound: terms(`sound, sound quality, audio, volume, bass, treble, speaker, speakers, microphone, mic,
    noise cancelling, noise canceling, klang, lautstärke, lautsprecher, tonqualität`),
  comfort: terms(`comfort, comfortable, comfy, uncomfortable, cushion, cushioning, ergonomic, ergonomics,
    bequem, unbequem, komfort, tragekomfort`),
  taste: terms(`taste, tastes, tasted, tasty, tasteless, flavor, flavors, flavour, flavours, flavorful,
    bland, seasoning, seasoned, geschmack, schmeckt, schmeckte, lecker, würzig`),
  'ease-of-use': terms(`easy to use, easy to set up, hard to use, difficult to use, setup, set up, install,
    installation, installed, intuitive, user friendly, interface, instructions, manual, usability,
    bedienung, benutzerfreundlich, anleitung, einrichtung, installation`),
  returns: terms(`return, returns, returned, returning, refund, refunds, refunded, exchange, exchanged,
    money back, send it back, sent it back, rücksendung, rückgabe, erstattung, erstattet, umtausch, retoure*,
    zurückgeschickt`),
  staff: terms(`staff, waiter, waiters, waitress, waitresses, server, servers, bartender, bartenders,
    hostess, employee, employees, manager, cashier, owner, personnel, mitarbeiter*, kellner*`),
  food: terms(`food, meal, meals, dish, dishes, menu, portion, portions, burger, burgers, pizza, pasta,
    steak, chicken, fish, salad, sushi, dessert, desserts, breakfast, lunch, dinner, appetizer, appetizers,
    fries, sandwich, soup, essen, gericht, gerichte, speisen, speisekarte`),
  ambience: terms(`ambience, ambiance, atmosphere, decor, décor, vibe, interior, seating, lighting, music,
    ambiente, atmosphäre`),
};
