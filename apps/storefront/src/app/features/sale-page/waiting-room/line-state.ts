import { type FlashSale, type FlashSaleEvent, type QueueTicket } from '@flashline/contracts';

import { describeDuration } from '../../../core/clock/countdown';
import { type SalePhase } from '../sale-phase';

/**
 * The shopper's place in a waiting-room sale's line, as {@link WaitingRoomStore} holds it: one `kind` at a
 * time. The ticket is the API's word (POST / GET queue); where it stands now is derived from it and the sale's
 * stream ({@link lineView}), so the page never polls per tick.
 */
export type LineState =
  /** Not a waiting-room sale, or not opened yet. */
  | { readonly kind: 'closed' }
  /** Reading the shopper's ticket back (a reload, a second tab). */
  | { readonly kind: 'checking' }
  /** Not in line: never joined, signed out, or left (`left`). `message` says why a join failed. */
  | { readonly kind: 'out'; readonly left: boolean; readonly message: string | null }
  | { readonly kind: 'joining' }
  | { readonly kind: 'in_line'; readonly ticket: QueueTicket; readonly leaving: boolean };

/** How the units left compare with the admissions still to come before this ticket's. */
export type StockOutlook =
  /** Enough free units for everyone ahead and this shopper. */
  | 'enough'
  /** Fewer free units than people ahead: if they all buy, this shopper is told at once. */
  | 'short'
  /** No free unit now, but units sit in other shoppers' carts: a lapsed hold comes back to the line. */
  | 'in_carts';

/** What the waiting room shows, derived from {@link LineState}, the sale's stream and the server clock. */
export type LineView =
  | { readonly kind: 'checking' }
  | { readonly kind: 'out'; readonly left: boolean; readonly message: string | null }
  | { readonly kind: 'joining' }
  /** An early joiner before the draw (`drawing`: the sale started and the order is being drawn). */
  | { readonly kind: 'waiting_for_draw'; readonly drawing: boolean }
  | {
      readonly kind: 'waiting';
      readonly number: number;
      /** Admissions until this ticket's: 1 = next. */
      readonly position: number;
      readonly ahead: number;
      readonly etaSeconds: number;
      readonly stock: StockOutlook;
    }
  /** `msLeft` of the admission; `null` when the stream says "your turn" and the ticket is being read. */
  | { readonly kind: 'admitted'; readonly msLeft: number | null }
  | { readonly kind: 'used' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'sold_out' }
  | { readonly kind: 'ended' };

export type LineViewKind = LineView['kind'];

/** What the page knows besides the ticket: the sale, its latest stream message, its phase, server time. */
export interface LineContext {
  readonly sale: FlashSale;
  readonly live: FlashSaleEvent | null;
  readonly phase: SalePhase;
  readonly now: number;
}

/**
 * Where the shopper stands now. Position = ticket number − the stream's `admittedUpTo`, so every message
 * moves every page without a request. The stream's word wins over an older ticket for the endings it
 * announces to everyone at once: the sale's end, and a sold-out line (`waiting` 0 with nobody admitted for us).
 */
export function lineView(state: LineState, context: LineContext): LineView {
  switch (state.kind) {
    case 'closed':
    case 'checking':
      return { kind: 'checking' };
    case 'out':
      return { kind: 'out', left: state.left, message: state.message };
    case 'joining':
      return { kind: 'joining' };
    case 'in_line':
      return ticketView(state.ticket, context);
  }
}

function ticketView(ticket: QueueTicket, context: LineContext): LineView {
  switch (ticket.status) {
    case 'waiting':
      return waitingView(ticket, context);
    case 'admitted': {
      if (context.phase === 'ended') return { kind: 'ended' };
      const until = ticket.admittedUntil === undefined ? NaN : Date.parse(ticket.admittedUntil);
      return { kind: 'admitted', msLeft: Number.isNaN(until) ? null : Math.max(0, until - context.now) };
    }
    default:
      return { kind: ticket.status };
  }
}

function waitingView(ticket: QueueTicket, { sale, live, phase, now }: LineContext): LineView {
  if (phase === 'ended') return { kind: 'ended' };
  const queue = live?.queue;
  const number = ticket.number;
  if (number === null) return { kind: 'waiting_for_draw', drawing: now >= Date.parse(sale.startsAt) };

  // Before the first message, the ticket's own position (as of its read) stands in for the stream's.
  const admittedUpTo = queue?.admittedUpTo ?? number - (ticket.position ?? number);
  if (number <= admittedUpTo) return { kind: 'admitted', msLeft: null };
  if (queue?.waiting === 0 && live?.status === 'sold_out') return { kind: 'sold_out' };

  const position = number - admittedUpTo;
  const ahead = position - 1;
  const remaining = live?.remaining ?? sale.remaining;
  const admitPerSecond = Math.max(1, sale.waitingRoom?.admitPerSecond ?? 1);
  return {
    kind: 'waiting',
    number,
    position,
    ahead,
    etaSeconds: Math.ceil(position / admitPerSecond),
    stock: remaining <= 0 ? 'in_carts' : remaining <= ahead ? 'short' : 'enough',
  };
}

/** A short estimate that fits a phone's tile: "~8 s", "~3 min", "~2 h" (admissions also wait for stock). */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `~${Math.max(1, seconds)} s`;
  if (seconds < 3_600) return `~${Math.ceil(seconds / 60)} min`;
  return `~${Math.round(seconds / 3_600)} h`;
}

/** "about 40 people": exact up to 5, then rounded up to 5, 10 and 100, so it changes only at milestones. */
export function describeAhead(ahead: number): string {
  if (ahead <= 0) return 'Nobody is';
  if (ahead === 1) return '1 person is';
  if (ahead <= 5) return `${ahead} people are`;
  const step = ahead <= 20 ? 5 : ahead <= 100 ? 10 : 100;
  return `About ${Math.ceil(ahead / step) * step} people are`;
}

/** What follows a count of units in other shoppers' carts: "1 in another shopper's cart", "3 in other …". */
export function describeCarts(units: number): string {
  return units === 1 ? "in another shopper's cart" : "in other shoppers' carts";
}

/**
 * What the polite live region reads: the line's milestones only (joined, the draw, a coarse count of people
 * ahead, your turn, the endings), never a per-second countdown.
 */
export function lineAnnouncement(view: LineView, sale: FlashSale): string {
  switch (view.kind) {
    case 'waiting_for_draw':
      return view.drawing
        ? 'The sale has started: drawing the order of the line.'
        : 'You are in line. The order is drawn when the sale starts.';
    case 'waiting':
      return `You are in line. ${describeAhead(view.ahead)} ahead of you.`;
    case 'admitted': {
      const seconds = sale.waitingRoom?.admissionSeconds ?? 0;
      return `It's your turn: you have ${describeDuration(seconds * 1000)} to buy.`;
    }
    case 'expired':
      return 'Your turn lapsed. You can join the line again, at the back.';
    case 'sold_out':
      return 'Sorry: every unit has been sold while you waited.';
    case 'ended':
      return 'This sale has ended.';
    case 'out':
      return view.left ? 'You left the line.' : '';
    default:
      return '';
  }
}
