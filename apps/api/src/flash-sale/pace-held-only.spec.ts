import { Subject } from 'rxjs';
import type { FlashSaleEvent } from '@flashline/contracts';
import { paceHeldOnly } from './sale-streams.service';

const event = (remaining: number, held: number): FlashSaleEvent => ({
  remaining,
  held,
  status: remaining > 0 ? 'active' : 'sold_out',
  paused: false,
});

describe('paceHeldOnly (the sale feed)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function paced(): { source: Subject<FlashSaleEvent>; sent: FlashSaleEvent[] } {
    const source = new Subject<FlashSaleEvent>();
    const sent: FlashSaleEvent[] = [];
    source.pipe(paceHeldOnly(1000)).subscribe((e) => sent.push(e));
    return { source, sent };
  }

  it('sends stock changes at once, and held-only changes at most once a second, the latest last', () => {
    const { source, sent } = paced();
    source.next(event(5, 0));
    source.next(event(4, 1));
    expect(sent).toEqual([event(5, 0), event(4, 1)]);
    source.next(event(4, 0)); // a payment: only held moves
    source.next(event(4, 2));
    expect(sent).toHaveLength(2);
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual([event(5, 0), event(4, 1), event(4, 2)]);
  });

  it('lets a stock change overtake a waiting held-only one, carrying the latest held', () => {
    const { source, sent } = paced();
    source.next(event(5, 0));
    source.next(event(5, 1));
    source.next(event(3, 2));
    expect(sent).toEqual([event(5, 0), event(3, 2)]);
    jest.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
  });

  it('sends a held-only change at once when the last message is a second old', () => {
    const { source, sent } = paced();
    source.next(event(5, 0));
    jest.advanceTimersByTime(1000);
    source.next(event(5, 1));
    expect(sent).toEqual([event(5, 0), event(5, 1)]);
  });
});
