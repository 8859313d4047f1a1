import type { Rng } from '../shared/index.js';
import { DAY, HOUR, MINUTE, iso, type TimeWindow } from './calendar.js';
import {
  agentClosings,
  agentNames,
  askForHuman,
  botReplies,
  botResolved,
  emailGreetings,
  emailSignoffs,
  intentTexts,
  type Intent,
} from './conversation-text.js';
import type { Shopper } from './customers.js';
import { uniform } from './distributions.js';
import type { OrderExperience } from './experience.js';
import { agreement, fillTemplate } from './grammar.js';
import { kbArticles } from './kb-articles.js';
import type { OrderDraft } from './orders.js';
import type { DemoConversation } from './types.js';

export interface ConversationDraft {
  id: string;
  userId: string;
  channel: 'chat' | 'email';
  subject: string;
  status: 'open' | 'resolved';
  startedMs: number;
  intent: Intent;
  /** The order it is about; its id is filled in once orders are numbered. */
  order: OrderDraft | null;
  messages: { role: 'customer' | 'agent' | 'bot'; template: string; ms: number }[];
  vars: Record<string, string>;
}

interface Context {
  rng: Rng;
  shopper: Shopper;
  window: TimeWindow;
  limit: number;
}

function build(ctx: Context, intent: Intent, startMs: number, order: OrderDraft | null, product: string) {
  const { rng, shopper } = ctx;
  const last = Math.min(ctx.limit, ctx.window.end);
  if (startMs < ctx.window.start || startMs > last) return null;
  const text = intentTexts[intent];
  const chat = shopper.tastes.supportChannel === 'chat';
  const kbTitle = kbArticles.find((a) => a.slug === text.kb)?.title ?? '';
  const agent = rng.pick(agentNames);
  const messages: ConversationDraft['messages'] = [];
  let t = startMs;
  let truncated = false;
  const say = (role: 'customer' | 'agent' | 'bot', template: string, gapMs: number) => {
    t += gapMs;
    if (t <= last) messages.push({ role, template, ms: t });
    else truncated = true;
  };
  const replyGap = () =>
    chat ? Math.floor(uniform(rng, 20, 240) * 1000) : Math.floor(uniform(rng, 1, 20) * HOUR);
  say('customer', rng.pick(text.openings), 0);
  let resolved = true;
  if (chat) {
    say('bot', rng.pick(botReplies), Math.floor(uniform(rng, 2, 8) * 1000));
    if (rng.bool(0.2)) {
      say('customer', rng.pick(botResolved), replyGap());
    } else {
      say('customer', rng.pick(askForHuman), replyGap());
      say('agent', rng.pick(text.answers), Math.floor(uniform(rng, 1, 6) * MINUTE));
      say('customer', rng.pick(text.followUps), replyGap());
      if (rng.bool(0.6)) say('agent', rng.pick(agentClosings), replyGap());
    }
  } else {
    const greeting = rng.pick(emailGreetings);
    const signoff = rng.pick(emailSignoffs);
    say('agent', `${greeting}\n\n${rng.pick(text.answers)}\n\n${signoff}`, replyGap());
    if (rng.bool(0.5)) {
      say('customer', rng.pick(text.followUps), replyGap());
      resolved = rng.bool(0.7);
      if (resolved) say('agent', `${greeting}\n\n${rng.pick(agentClosings)}\n\n${signoff}`, replyGap());
    }
  }
  const recent = startMs > ctx.window.end - 3 * DAY;
  const draft: ConversationDraft = {
    id: '',
    userId: shopper.userId,
    channel: chat ? 'chat' : 'email',
    subject: rng.pick(text.subjects),
    status: truncated || !resolved || (recent && rng.bool(0.5)) ? 'open' : 'resolved',
    startedMs: startMs,
    intent,
    order,
    messages,
    vars: {
      ...agreement(product),
      name: shopper.firstName,
      agent,
      kb: kbTitle,
      product,
      days: String(rng.int(2, 9)),
    },
  };
  return draft;
}

/** Support contacts that follow from what happened to an order. */
export function draftOrderConversations(
  rng: Rng,
  shopper: Shopper,
  order: OrderDraft,
  x: OrderExperience,
  window: TimeWindow,
  limit: number,
): ConversationDraft[] {
  const ctx: Context = { rng, shopper, window, limit };
  const out: (ConversationDraft | null)[] = [];
  const first = x.lines[0]?.line.product.noun ?? 'order';
  if (x.paymentProblem)
    out.push(build(ctx, 'payment_issue', order.placedMs + rng.int(5, 60) * MINUTE, order, first));
  if (x.cancelledMs !== null) {
    if (rng.bool(0.6))
      out.push(build(ctx, 'cancel_order', x.cancelledMs - rng.int(10, 50) * MINUTE, order, first));
    return out.filter((c): c is ConversationDraft => c !== null);
  }
  if (x.late && rng.bool(0.5)) {
    const at = order.placedMs + (x.expectedDays + 1) * DAY + rng.int(1, 20) * HOUR;
    if (at < x.deliveredMs) out.push(build(ctx, 'order_status', at, order, first));
  }
  const afterDelivery = () => x.deliveredMs + Math.floor(uniform(rng, 0.2, 4) * DAY);
  for (const line of x.lines) {
    const noun = line.line.product.noun;
    const electronics = line.line.product.warranty;
    if (line.damaged && rng.bool(0.7)) out.push(build(ctx, 'damaged_item', afterDelivery(), order, noun));
    else if (line.returned && line.fit !== 'ok' && line.fit !== null && rng.bool(0.5))
      out.push(build(ctx, 'size_exchange', afterDelivery(), order, noun));
    else if (line.returned && rng.bool(0.3))
      out.push(build(ctx, 'return_request', afterDelivery(), order, noun));
    else if (electronics && line.perceivedQuality < 0.4 && rng.bool(0.4)) {
      const at = x.deliveredMs + Math.floor(uniform(rng, 14, 60) * DAY);
      out.push(build(ctx, 'warranty_claim', at, order, noun));
    }
    if (line.returned && rng.bool(0.15)) {
      out.push(build(ctx, 'refund', x.deliveredMs + Math.floor(uniform(rng, 12, 20) * DAY), order, noun));
    }
  }
  return out.filter((c): c is ConversationDraft => c !== null);
}

/** Questions that are not about one order: shipping, points, codes. */
export function draftGeneralConversation(
  rng: Rng,
  shopper: Shopper,
  atMs: number,
  window: TimeWindow,
  limit: number,
): ConversationDraft | null {
  const intent = rng.pick(['shipping_question', 'loyalty_question', 'discount_code'] as const);
  return build({ rng, shopper, window, limit }, intent, atMs, null, 'order');
}

export function assignConversationIds(conversations: ConversationDraft[]): void {
  conversations.sort((a, b) => a.startedMs - b.startedMs);
  conversations.forEach((c, i) => {
    c.id = `conv_${String(i + 1).padStart(6, '0')}`;
  });
}

/** Placeholders are filled at the end, when order numbers exist. */
export function conversationRow(c: ConversationDraft): DemoConversation {
  const vars = { ...c.vars, order: c.order?.id ?? 'my last order' };
  return {
    id: c.id,
    user_id: c.userId,
    channel: c.channel,
    subject: fillTemplate(c.subject, vars),
    status: c.status,
    started_at: iso(c.startedMs),
    // Agents tag the tickets they handle (as help desks have them do); conversations the bot closed stay untagged.
    ...(c.messages.some((m) => m.role === 'agent') ? { topic: c.intent } : {}),
    messages: c.messages.map((m, i) => ({
      seq: i + 1,
      role: m.role,
      body: fillTemplate(m.template, vars),
      created_at: iso(m.ms),
    })),
  };
}
