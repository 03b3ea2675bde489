import { type FlashSale } from '@flashline/contracts';

import { salePhase } from './sale-phase';

const NOW = Date.parse('2026-11-24T12:00:00Z');

function sale(overrides: Partial<FlashSale> = {}): FlashSale {
  return {
    id: 's1',
    product: { id: 'p1', name: 'Aurora' },
    salePriceCents: 9900,
    originalPriceCents: 19900,
    currency: 'usd',
    quantity: 10,
    remaining: 4,
    startsAt: '2026-11-24T11:00:00Z',
    endsAt: '2026-11-24T13:00:00Z',
    status: 'active',
    perUserLimit: 1,
    reservationTtlSeconds: 600,
    paused: false,
    waitingRoom: null,
    ...overrides,
  };
}

describe('salePhase', () => {
  it('is paused while an admin holds a running sale, whichever source says so last', () => {
    expect(salePhase(sale({ paused: true }), null, NOW)).toBe('paused');
    expect(salePhase(sale(), { remaining: 4, held: 0, status: 'active', paused: true }, NOW)).toBe('paused');
    expect(
      salePhase(sale({ paused: true }), { remaining: 4, held: 0, status: 'active', paused: false }, NOW),
    ).toBe('active');
  });

  it('still says sold out, upcoming or ended for a paused sale, which tells the shopper more', () => {
    expect(salePhase(sale({ paused: true, remaining: 0, status: 'sold_out' }), null, NOW)).toBe('sold_out');
    expect(
      salePhase(sale({ paused: true, status: 'upcoming', startsAt: '2026-11-24T12:30:00Z' }), null, NOW),
    ).toBe('upcoming');
    expect(salePhase(sale({ paused: true }), null, Date.parse('2026-11-24T13:00:00Z'))).toBe('ended');
  });
});
