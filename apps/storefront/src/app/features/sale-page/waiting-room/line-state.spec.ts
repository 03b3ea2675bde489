import { type FlashSale, type FlashSaleEvent, type QueueTicket } from '@flashline/contracts';

import {
  type LineState,
  describeAhead,
  describeCarts,
  describeWait,
  lineAnnouncement,
  lineView,
} from './line-state';

const NOW = Date.parse('2030-06-01T12:00:00.000Z');

const sale = (overrides: Partial<FlashSale> = {}): FlashSale => ({
  id: 's1',
  product: { id: 'p1', name: 'Aurora Sneaker' },
  salePriceCents: 4_900,
  originalPriceCents: 12_900,
  currency: 'usd',
  quantity: 10,
  remaining: 10,
  startsAt: new Date(NOW - 60_000).toISOString(),
  endsAt: new Date(NOW + 3_600_000).toISOString(),
  status: 'active',
  perUserLimit: 1,
  reservationTtlSeconds: 600,
  paused: false,
  waitingRoom: { admitPerSecond: 2, admissionSeconds: 120 },
  ...overrides,
});

const ticket = (overrides: Partial<QueueTicket> = {}): QueueTicket => ({
  saleId: 's1',
  status: 'waiting',
  number: 40,
  position: 30,
  estimatedWaitSeconds: 15,
  joinedAt: new Date(NOW - 120_000).toISOString(),
  ...overrides,
});

const inLine = (overrides: Partial<QueueTicket> = {}): LineState => ({
  kind: 'in_line',
  ticket: ticket(overrides),
  leaving: false,
});

const live = (
  remaining: number,
  waiting: number,
  admittedUpTo: number,
  status = 'active',
): FlashSaleEvent => ({
  remaining,
  held: 0,
  status: status as FlashSaleEvent['status'],
  paused: false,
  queue: { waiting, admittedUpTo },
});

describe('lineView', () => {
  it('position = number − admittedUpTo from the stream; people ahead, and a wait at the admission rate', () => {
    const view = lineView(inLine(), { sale: sale(), live: live(10, 50, 33), phase: 'active', now: NOW });
    expect(view).toEqual({
      kind: 'waiting',
      number: 40,
      position: 7,
      ahead: 6,
      etaSeconds: 4,
      stock: 'enough',
    });
  });

  it("uses the ticket's own position until the first stream message", () => {
    const view = lineView(inLine(), { sale: sale(), live: null, phase: 'active', now: NOW });
    expect(view).toMatchObject({ kind: 'waiting', position: 30, ahead: 29 });
  });

  it('says when fewer units are left than people ahead, and when the rest sit in carts', () => {
    const context = { sale: sale(), phase: 'active' as const, now: NOW };
    expect(lineView(inLine(), { ...context, live: live(3, 50, 33) })).toMatchObject({ stock: 'short' });
    expect(lineView(inLine(), { ...context, live: live(0, 50, 33, 'sold_out') })).toMatchObject({
      stock: 'in_carts',
    });
  });

  it('an early joiner waits for the draw, and knows when it is running', () => {
    const early = inLine({ number: null, position: null, estimatedWaitSeconds: null });
    const upcoming = sale({ startsAt: new Date(NOW + 5_000).toISOString(), status: 'upcoming' });
    expect(lineView(early, { sale: upcoming, live: null, phase: 'upcoming', now: NOW })).toEqual({
      kind: 'waiting_for_draw',
      drawing: false,
    });
    expect(lineView(early, { sale: upcoming, live: null, phase: 'active', now: NOW + 5_000 })).toEqual({
      kind: 'waiting_for_draw',
      drawing: true,
    });
  });

  it('the stream reaching this number means "your turn" before the ticket is read again', () => {
    const view = lineView(inLine(), { sale: sale(), live: live(10, 12, 40), phase: 'active', now: NOW });
    expect(view).toEqual({ kind: 'admitted', msLeft: null });
  });

  it('an admitted ticket counts down to admittedUntil on the server clock', () => {
    const admitted = inLine({
      status: 'admitted',
      position: 0,
      admittedUntil: new Date(NOW + 90_500).toISOString(),
    });
    expect(lineView(admitted, { sale: sale(), live: live(5, 3, 41), phase: 'active', now: NOW })).toEqual({
      kind: 'admitted',
      msLeft: 90_500,
    });
  });

  it('sold out at once when the stream empties the line of a sold-out sale, ended at the end', () => {
    expect(
      lineView(inLine(), { sale: sale(), live: live(0, 0, 33, 'sold_out'), phase: 'sold_out', now: NOW }),
    ).toEqual({
      kind: 'sold_out',
    });
    expect(
      lineView(inLine(), { sale: sale(), live: live(4, 8, 33, 'ended'), phase: 'ended', now: NOW }),
    ).toEqual({
      kind: 'ended',
    });
    expect(
      lineView(inLine({ status: 'expired' }), { sale: sale(), live: null, phase: 'active', now: NOW }),
    ).toEqual({
      kind: 'expired',
    });
  });
});

describe('the line announced politely', () => {
  it('counts people ahead coarsely, so the live region speaks at milestones only', () => {
    expect(describeAhead(0)).toBe('Nobody is');
    expect(describeAhead(1)).toBe('1 person is');
    expect(describeAhead(4)).toBe('4 people are');
    expect(describeAhead(6)).toBe('About 10 people are');
    expect(describeAhead(9)).toBe('About 10 people are');
    expect(describeAhead(37)).toBe('About 40 people are');
    expect(describeAhead(1_234)).toBe('About 1300 people are');
  });

  it("names the units in other shoppers' carts after their count, one or many", () => {
    expect(describeCarts(1)).toBe("in another shopper's cart");
    expect(describeCarts(3)).toBe("in other shoppers' carts");
  });

  it('estimates the wait in a few characters, to fit a phone', () => {
    expect([0, 8, 59, 60, 61, 3_599, 3_600, 9_000].map(describeWait)).toEqual([
      '~1 s',
      '~8 s',
      '~59 s',
      '~1 min',
      '~2 min',
      '~60 min',
      '~1 h',
      '~3 h',
    ]);
  });

  it('says your turn with the admission time, not a ticking countdown', () => {
    const message = lineAnnouncement({ kind: 'admitted', msLeft: 61_000 }, sale());
    expect(message).toBe("It's your turn: you have 2 minutes to buy.");
    expect(lineAnnouncement({ kind: 'admitted', msLeft: 3_000 }, sale())).toBe(message);
  });
});
