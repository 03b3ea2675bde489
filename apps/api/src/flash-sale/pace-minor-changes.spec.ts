import { Subject } from 'rxjs';
import type { FlashSaleEvent } from '@flashline/contracts';
import { lineUnchanged, paceMinorChanges } from './sale-streams.service';

const event = (remaining: number, held: number): FlashSaleEvent => ({
  remaining,
  held,
  status: remaining > 0 ? 'active' : 'sold_out',
  paused: false,
});

const onlyHeld = (a: FlashSaleEvent, b: FlashSaleEvent): boolean =>
  a.remaining === b.remaining && a.status === b.status && a.paused === b.paused;

describe('paceMinorChanges (the sale feed), held-only changes minor', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function paced(): { source: Subject<FlashSaleEvent>; sent: FlashSaleEvent[] } {
    const source = new Subject<FlashSaleEvent>();
    const sent: FlashSaleEvent[] = [];
    source.pipe(paceMinorChanges(onlyHeld, 1000)).subscribe((e) => sent.push(e));
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

describe('paceMinorChanges on a waiting-room sale (lineUnchanged)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const inLine = (remaining: number, waiting: number, admittedUpTo: number): FlashSaleEvent => ({
    ...event(remaining, 0),
    queue: { waiting, admittedUpTo },
  });

  it('paces units and admissions to once a second, but tells a sell-out and a closed line at once', () => {
    const source = new Subject<FlashSaleEvent>();
    const sent: FlashSaleEvent[] = [];
    source.pipe(paceMinorChanges(lineUnchanged, 1000)).subscribe((e) => sent.push(e));
    source.next(inLine(3, 10, 0));
    source.next(inLine(2, 10, 1));
    source.next(inLine(1, 9, 2));
    expect(sent).toEqual([inLine(3, 10, 0)]);
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual([inLine(3, 10, 0), inLine(1, 9, 2)]);
    source.next(inLine(0, 8, 3)); // sold out: status changes
    expect(sent.at(-1)).toEqual(inLine(0, 8, 3));
    source.next({ ...inLine(0, 0, 3) }); // the line closes: nobody waits
    expect(sent.at(-1)).toEqual(inLine(0, 0, 3));
  });
});
