/**
 * Support phrase banks per intent. Placeholders: {order} order number, {product} product, {name} customer's first
 * name, {agent} agent's name, {days} a number of days, {kb} the title of the help article that answers it;
 * {is}, {was}, {has}, {does}, {it}, {them} agree with the product (see grammar.ts).
 */
export interface IntentText {
  /** Slug of the help article that answers it (see kb-articles.ts). */
  kb: string;
  subjects: readonly string[];
  openings: readonly string[];
  answers: readonly string[];
  followUps: readonly string[];
}

export const intentTexts = {
  order_status: {
    kb: 'where-is-my-order',
    subjects: [
      'Where is my order?',
      'Order {order} not arrived',
      'Delivery delayed',
      'Tracking not updating',
    ],
    openings: [
      'Hi, my order {order} still has not arrived and it is {days} days late. Where is it?',
      'The tracking for order {order} has not changed in days. Can you check what is going on?',
      'I ordered the {product} over a week ago (order {order}) and nothing has arrived yet.',
      'Hello, when will order {order} be delivered? It was supposed to be here already.',
    ],
    answers: [
      'I checked with the carrier: your parcel for order {order} is delayed at the depot and should reach you within 2 days. Sorry for the wait!',
      'Thanks for your patience. The carrier is running late this week; I have opened an investigation for order {order} and will update you by email.',
      'Your order {order} was handed to the courier and is out for delivery tomorrow. I have added a 5 EUR voucher to your account for the delay.',
    ],
    followUps: [
      'Thanks, I will wait then.',
      'Okay, please keep me posted.',
      'Great, it just arrived. Thanks!',
    ],
  },
  return_request: {
    kb: 'how-to-return',
    subjects: ['Return request', 'How do I return an item?', 'Return for order {order}'],
    openings: [
      'Hi, I would like to return the {product} from order {order}. How do I do that?',
      'The {product} {is} not what I expected. Can I send {them} back?',
      'How can I return part of order {order}? I want to keep the rest.',
    ],
    answers: [
      'Of course! Go to My orders, choose order {order} and click Return items. The label is prepaid and returns are free.',
      'No problem. I have started the return for the {product}; you will receive the prepaid label by email in a few minutes.',
    ],
    followUps: ['Perfect, thank you.', 'Got the label, thanks!', 'How long until I get my money back?'],
  },
  refund: {
    kb: 'refund-timing',
    subjects: ['Refund not received', 'Where is my refund?', 'Refund for order {order}'],
    openings: [
      'I returned the {product} two weeks ago but I still have not received my refund for order {order}.',
      'Hello, when will I get my money back for the return of order {order}?',
      'My return was delivered to you {days} days ago. Where is my refund?',
    ],
    answers: [
      'Your return for order {order} was processed today and the refund is on its way. Your bank may need 3 to 5 working days to show it.',
      'I can see your return arrived. I have issued the refund now, it should appear on your statement within a few days.',
    ],
    followUps: [
      'Thank you, I see it now.',
      'Okay, thanks for checking.',
      'Still nothing after 5 days, can you check again?',
    ],
  },
  size_exchange: {
    kb: 'size-exchange',
    subjects: ['Exchange for another size', 'Wrong size', 'Size exchange order {order}'],
    openings: [
      'The {product} {is} too small. Can I exchange {them} for one size up?',
      'Hi, the {product} from order {order} {is} too big. I would like a smaller size please.',
      'I need to swap the {product} for a different size, the fit is not right.',
    ],
    answers: [
      'Happy to help! I have reserved the next size for you. Start the exchange in My orders and we ship it as soon as the carrier scans your return.',
      'No problem, exchanges are free. I have created the exchange for order {order}; the new size ships once your parcel is scanned.',
    ],
    followUps: ['Great, thank you!', 'Does the new one run true to size?', 'Thanks, sending it back today.'],
  },
  damaged_item: {
    kb: 'damaged-item',
    subjects: ['Item arrived damaged', 'Broken product', 'Damaged delivery order {order}'],
    openings: [
      'My {product} arrived damaged, the box was crushed. What can you do?',
      'Hi, the {product} from order {order} came broken. I want a refund.',
      'The {product} {was} scratched when I opened the parcel. Can I get a replacement?',
    ],
    answers: [
      'I am so sorry about that. Could you send a photo of the damage? I will ship a replacement for the {product} straight away.',
      'Sorry it arrived like this! I have refunded the {product} in full, you do not need to send {them} back.',
    ],
    followUps: ['Photo attached.', 'Thank you, that is very kind.', 'I would prefer a refund instead.'],
  },
  payment_issue: {
    kb: 'payment-failed',
    subjects: ['Charged twice', 'Payment problem', 'Payment failed for order {order}'],
    openings: [
      'I was charged twice for order {order}. Please refund one of the payments.',
      'My card payment failed but the money was taken from my account.',
      'Hi, the payment for order {order} keeps failing at checkout. What am I doing wrong?',
    ],
    answers: [
      'One of the two charges is only an authorisation; your bank releases it automatically within 7 days. Only one payment was captured for order {order}.',
      'I checked order {order}: the payment went through once. The second line is a pending authorisation that will disappear.',
      'That usually is a security check by your bank. Please try again, or use PayPal or Klarna instead.',
    ],
    followUps: ['Okay, I will wait a few days.', 'Thanks for explaining.', 'It worked with PayPal, thanks.'],
  },
  cancel_order: {
    kb: 'cancel-order',
    subjects: ['Cancel my order', 'Please cancel order {order}', 'Order cancellation'],
    openings: [
      'Please cancel order {order}, I ordered by mistake.',
      'Hi, I would like to cancel my order {order} for the {product}. I found {them} elsewhere.',
      'Can I still cancel order {order}? I placed it an hour ago.',
    ],
    answers: [
      'Done: order {order} is cancelled and you will not be charged.',
      'I caught it just in time, order {order} is cancelled. The authorisation on your card will be released in a few days.',
    ],
    followUps: ['Thank you!', 'Great, thanks for the quick help.', 'Perfect.'],
  },
  warranty_claim: {
    kb: 'warranty',
    subjects: ['Warranty claim', 'Device stopped working', 'Faulty {product}'],
    openings: [
      'My {product} stopped charging after a few weeks. Is this covered by the warranty?',
      'Hi, the {product} from order {order} {has} a fault: the sound cuts out all the time.',
      'The {product} {does} not turn on any more. What are my options?',
    ],
    answers: [
      'That is covered by the 2-year warranty. I have created a repair request for order {order}; you will receive a prepaid label.',
      'Sorry about that! Since {it} {is} within warranty, we will replace the {product}. Please send {them} back with the label I just emailed.',
    ],
    followUps: ['Thanks, sending it today.', 'How long does the repair take?', 'Great, thank you.'],
  },
  shipping_question: {
    kb: 'delivery-times',
    subjects: ['Delivery time question', 'Shipping costs', 'Express delivery'],
    openings: [
      'How long does delivery to my country take?',
      'Do you offer express delivery? I need something by Friday.',
      'Is shipping free above a certain amount?',
    ],
    answers: [
      'Standard delivery takes 2 to 5 working days depending on the country and is free above 60 EUR. Express arrives the next working day if you order before 14:00.',
      'Yes, express delivery costs 9.95 EUR and arrives the next working day when you order before 14:00.',
    ],
    followUps: ['Thanks!', 'Perfect, ordering now.', 'Good to know, thank you.'],
  },
  loyalty_question: {
    kb: 'loyalty-points',
    subjects: ['Loyalty points missing', 'Question about Plus', 'My points'],
    openings: [
      'My loyalty points from my last order are not showing in my account.',
      'How do I use my points for a discount?',
      'Is the Plus membership worth it? What do I get?',
    ],
    answers: [
      'Points are added when your order ships, so they should appear within a day. 100 points give you 5 EUR off at checkout.',
      'Plus members earn double points, get free express delivery and 60-day returns, for 29 EUR a year.',
    ],
    followUps: ['Thanks, I see them now.', 'Sounds good, I will sign up.', 'Okay, thanks.'],
  },
  discount_code: {
    kb: 'discount-codes',
    subjects: ['Discount code not working', 'Coupon problem', 'Code rejected at checkout'],
    openings: [
      'The discount code from your email does not work at checkout.',
      'I forgot to enter my discount code on order {order}. Can you still apply it?',
      'Why is my code rejected? It says invalid.',
    ],
    answers: [
      'Codes cannot be combined with sale prices and only one code works per order. I have applied the discount manually to order {order}.',
      'That code expired yesterday, but I have made you a new one that is valid for a week.',
    ],
    followUps: ['Thank you so much!', 'Great, it works now.', 'Thanks.'],
  },
} as const satisfies Record<string, IntentText>;

export type Intent = keyof typeof intentTexts;

export const botReplies = [
  'Hi {name}! I am the Maple & Moss assistant. This article may help: "{kb}".',
  'Thanks for reaching out. You might find the answer here: "{kb}". Shall I connect you with a colleague?',
  'Hello! Have a look at "{kb}". If that does not solve it, an agent will join shortly.',
];

export const askForHuman = [
  'That does not answer my question, can I talk to a person?',
  'I already read that. I need a human please.',
  'Agent please.',
];

export const botResolved = ['Thanks, that helps!', 'Okay, found it, thanks.'];

export const agentNames = ['Sofia', 'Jonas', 'Amelie', 'Marco', 'Ines', 'Lukas'];

export const emailGreetings = ['Hi {name},', 'Hello {name},', 'Dear {name},'];
export const emailSignoffs = [
  'Best regards, {agent} from Maple & Moss support',
  'Kind regards, {agent}',
  'Cheers, {agent}',
];
export const agentClosings = ['Glad I could help! Have a lovely day.', 'You are welcome, enjoy your order!'];
