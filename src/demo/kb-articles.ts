/** The shop's help centre: FAQ and policy articles the support conversations refer to. */
export interface KbArticle {
  slug: string;
  title: string;
  tags: readonly string[];
  body: string;
}

export const kbArticles: readonly KbArticle[] = [
  {
    slug: 'delivery-times',
    title: 'Delivery times and costs',
    tags: ['shipping', 'delivery'],
    body:
      'We ship to 14 European countries. Standard delivery takes 2 working days to Germany and the Netherlands, ' +
      '3 to France, Belgium, Austria and Denmark, 4 to Spain, Italy, Poland, Sweden and Ireland, and 5 to Portugal, ' +
      'Finland and Switzerland. Standard delivery costs 4.95 EUR and is free on orders over 60 EUR. Express delivery ' +
      '(next working day, order before 14:00) costs 9.95 EUR. During Black Friday and December allow 2 to 4 extra days.',
  },
  {
    slug: 'where-is-my-order',
    title: 'Where is my order?',
    tags: ['shipping', 'tracking', 'order'],
    body:
      'As soon as your parcel leaves our warehouse you receive an email with a tracking link. Tracking can take up to ' +
      '24 hours to show the first scan. If your parcel has not moved for 3 working days, or is more than 2 days past ' +
      'the expected date, contact us with your order number and we will open an investigation with the carrier. Lost ' +
      'parcels are replaced or refunded, whichever you prefer.',
  },
  {
    slug: 'track-parcel',
    title: 'How to track your parcel',
    tags: ['shipping', 'tracking'],
    body:
      'Open the shipping confirmation email and click Track my parcel, or log in and go to My orders. The tracking ' +
      'page shows each scan by the carrier. "Label created" means the carrier has not collected the parcel yet.',
  },
  {
    slug: 'international-shipping',
    title: 'Shipping outside the EU',
    tags: ['shipping', 'customs'],
    body:
      'Orders to Switzerland are shipped duty paid: the price you see is the price you pay, with no customs fees on ' +
      'delivery. We do not ship outside Europe at the moment.',
  },
  {
    slug: 'returns-policy',
    title: 'Returns policy',
    tags: ['returns', 'policy'],
    body:
      'You can return any item within 30 days of delivery, unworn and with its labels attached. Returns are free ' +
      'within the EU. Beauty products can only be returned unopened for hygiene reasons. Sale items can be returned ' +
      'as well. Plus and VIP members have 60 days to return.',
  },
  {
    slug: 'how-to-return',
    title: 'How to return an item',
    tags: ['returns'],
    body:
      'Log in, open My orders, choose the order and click Return items. Select the items and a reason, then print the ' +
      'prepaid label or show the QR code at a drop-off point. Keep the receipt from the drop-off point until your ' +
      'refund arrives.',
  },
  {
    slug: 'refund-timing',
    title: 'When will I get my refund?',
    tags: ['returns', 'refund', 'payment'],
    body:
      'We refund within 5 working days after your return reaches our warehouse, to the payment method you used. ' +
      'Your bank may need another 3 to 5 days to show the money. Original shipping costs are refunded when you ' +
      'return the whole order.',
  },
  {
    slug: 'damaged-item',
    title: 'My item arrived damaged or faulty',
    tags: ['returns', 'refund', 'quality'],
    body:
      'We are sorry! Send us a photo of the damage and the packaging within 14 days of delivery. We send a replacement ' +
      'at no cost, or refund you in full if the item is out of stock. You do not need to return damaged items under ' +
      '20 EUR.',
  },
  {
    slug: 'size-guide-clothing',
    title: 'Size guide: clothing',
    tags: ['sizes', 'clothing'],
    body:
      'Our clothing follows EU sizing. XS fits chest 80-84 cm, S 85-89 cm, M 90-95 cm, L 96-102 cm and XL 103-110 cm. ' +
      'Relaxed and oversized styles are cut generously: if you are between sizes, choose the smaller one. Each ' +
      'product page lists the garment measurements.',
  },
  {
    slug: 'size-guide-shoes',
    title: 'Size guide: shoes',
    tags: ['sizes', 'shoes'],
    body:
      'Shoes use EU sizes 37 to 45. Measure your foot from heel to longest toe: 24 cm is a 38, 25.5 cm a 40, 27 cm a ' +
      '42 and 28.5 cm a 44. Boots from Fjell run large; Stride Co. sneakers run true to size.',
  },
  {
    slug: 'size-exchange',
    title: 'Exchanging for a different size',
    tags: ['sizes', 'returns', 'exchange'],
    body:
      'Exchanges are free. Start a return in My orders and choose Exchange for another size. We reserve the new size ' +
      'for you and ship it as soon as the carrier scans your return, so you do not have to wait for it to reach us.',
  },
  {
    slug: 'payment-methods',
    title: 'Payment methods',
    tags: ['payment'],
    body:
      'We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay, iDEAL, Bancontact and Klarna ' +
      'pay-later. Your card is only charged when your order ships.',
  },
  {
    slug: 'payment-failed',
    title: 'My payment failed or I was charged twice',
    tags: ['payment', 'billing'],
    body:
      'A failed payment is usually a bank security check: try again or use another method. If you see two charges, ' +
      'one is an authorisation that your bank releases automatically within 7 days. If both charges remain after 7 ' +
      'days, send us a screenshot and we will refund the duplicate immediately.',
  },
  {
    slug: 'invoices',
    title: 'Invoices and VAT',
    tags: ['payment', 'billing'],
    body:
      'Your invoice is attached to the shipping confirmation and available in My orders. Prices include VAT of the ' +
      'destination country. Business customers can add a VAT number at checkout.',
  },
  {
    slug: 'klarna',
    title: 'Paying later with Klarna',
    tags: ['payment'],
    body:
      'With Klarna you pay 30 days after your order ships. If you return items, Klarna adjusts the invoice ' +
      'automatically. Questions about your Klarna invoice go to Klarna directly.',
  },
  {
    slug: 'cancel-order',
    title: 'Cancel or change an order',
    tags: ['order', 'cancellation'],
    body:
      'You can cancel or change an order within one hour of placing it in My orders. After that the warehouse may ' +
      'already be packing it: contact us quickly and we will try. Once shipped, you can return it for free instead.',
  },
  {
    slug: 'discount-codes',
    title: 'Using discount codes',
    tags: ['discounts', 'payment'],
    body:
      'Enter your code at checkout in the field Discount code. Only one code can be used per order, codes cannot be ' +
      'combined with Black Friday prices, and codes are not valid on gift cards. Newsletter codes expire after the ' +
      'date in the email.',
  },
  {
    slug: 'welcome-discount',
    title: 'Your welcome discount',
    tags: ['discounts', 'account'],
    body:
      'New customers who sign up for the newsletter get 10% off their first order with the code in the welcome email. ' +
      'The code is valid for 30 days.',
  },
  {
    slug: 'plus-membership',
    title: 'Maple & Moss Plus membership',
    tags: ['loyalty', 'membership'],
    body:
      'Plus members earn 2 points per euro, get free express delivery, early access to sales and 60-day returns. ' +
      'Plus costs 29 EUR a year and you can cancel any time in your account settings.',
  },
  {
    slug: 'loyalty-points',
    title: 'Loyalty points',
    tags: ['loyalty'],
    body:
      'Every member earns 1 point per euro spent (2 for Plus). 100 points are worth 5 EUR off your next order. ' +
      'Points are added when your order ships and expire after 18 months without a purchase. Returned items deduct ' +
      'their points again.',
  },
  {
    slug: 'vip-tier',
    title: 'VIP tier',
    tags: ['loyalty', 'membership'],
    body:
      'Customers who spend more than 1000 EUR in a year become VIP: a personal stylist by chat, free gift wrapping ' +
      'and invitations to private sales. VIP status is reviewed every January.',
  },
  {
    slug: 'warranty',
    title: 'Warranty on electronics',
    tags: ['warranty', 'electronics'],
    body:
      'All electronics come with a 2-year warranty. If a device stops working, contact us with your order number and ' +
      'a short description of the fault. We repair or replace it, or refund you if neither is possible. Damage from ' +
      'drops or water beyond the stated rating is not covered.',
  },
  {
    slug: 'battery-care',
    title: 'Battery care for headphones and speakers',
    tags: ['electronics', 'warranty'],
    body:
      'Charge before first use and avoid leaving devices fully drained for weeks. Batteries keep at least 80% of ' +
      'their capacity for 500 charge cycles; a faster loss is covered by the warranty.',
  },
  {
    slug: 'product-care-wool',
    title: 'Caring for wool and knitwear',
    tags: ['care', 'clothing'],
    body:
      'Wash wool by hand or on the wool cycle at 30 degrees with wool detergent, and dry flat. Pilling is normal ' +
      'in the first weeks: remove it with a wool comb.',
  },
  {
    slug: 'product-care-leather',
    title: 'Caring for leather shoes and bags',
    tags: ['care', 'shoes'],
    body:
      'Brush off dirt, treat the leather with balm twice a season and let wet leather dry slowly away from heat. ' +
      'Suede needs a suede brush and protective spray.',
  },
  {
    slug: 'account-password',
    title: 'Resetting your password',
    tags: ['account'],
    body:
      'Click Forgot password on the login page and enter your email address. The reset link is valid for one hour. ' +
      'No email? Check your spam folder or contact us.',
  },
  {
    slug: 'delete-account',
    title: 'Deleting your account and your data',
    tags: ['account', 'privacy'],
    body:
      'You can delete your account in Account settings. We erase your personal data within 30 days, except invoices ' +
      'we must keep by law. You can also ask for a copy of your data at any time.',
  },
  {
    slug: 'newsletter',
    title: 'Newsletter and email preferences',
    tags: ['account', 'privacy', 'email'],
    body:
      'Choose which emails you receive in Account settings, or click Unsubscribe at the bottom of any newsletter. ' +
      'Order and shipping emails are always sent.',
  },
  {
    slug: 'gift-cards',
    title: 'Gift cards',
    tags: ['payment', 'gifts'],
    body:
      'Gift cards are available from 10 to 250 EUR, are delivered by email and are valid for 3 years. They can be ' +
      'combined with any payment method but not used to buy other gift cards.',
  },
  {
    slug: 'sustainability',
    title: 'Our sustainability commitments',
    tags: ['about'],
    body:
      'More than half of our range uses organic, recycled or certified materials. We ship in recycled packaging ' +
      'without plastic fillers and offset the emissions of every delivery.',
  },
  {
    slug: 'contact',
    title: 'Contact us',
    tags: ['contact', 'about'],
    body:
      'Chat with us from 8:00 to 20:00 CET, Monday to Saturday, or email support@maplemoss.example at any time. We ' +
      'answer emails within one working day. Please have your order number ready.',
  },
];
