import { operationsFixture } from '../../../testing/operations-fixtures';
import { isFlashSaleEvent, readFlashSaleEvent } from './flash-sales.api';
import { isSaleOperations } from './sale-operations.api';

describe('stream messages checked before they are shown', () => {
  it("a sale event's `queue` is optional, and whole counts when present", () => {
    const event = { remaining: 3, held: 0, status: 'active', paused: false };
    expect(isFlashSaleEvent(event)).toBe(true);
    expect(isFlashSaleEvent({ ...event, queue: { waiting: 12, admittedUpTo: 40 } })).toBe(true);
    expect(isFlashSaleEvent({ ...event, queue: null })).toBe(false);
    expect(isFlashSaleEvent({ ...event, queue: { waiting: 12 } })).toBe(false);
    expect(isFlashSaleEvent({ ...event, queue: { waiting: -1, admittedUpTo: 0 } })).toBe(false);
    expect(isFlashSaleEvent({ ...event, queue: { waiting: 1.5, admittedUpTo: 0 } })).toBe(false);
  });

  it("a sale event's `held` is a whole count; absent (an API not updated yet) it reads as 0", () => {
    const event = { remaining: 3, held: 2, status: 'active', paused: false };
    expect(readFlashSaleEvent(event)).toEqual(event);
    expect(readFlashSaleEvent({ ...event, held: undefined })).toBeNull();
    expect(readFlashSaleEvent({ ...event, held: -1 })).toBeNull();
    expect(readFlashSaleEvent({ ...event, held: '2' })).toBeNull();
    const older = { remaining: 3, status: 'active', paused: false };
    expect(readFlashSaleEvent(older)).toEqual({ ...older, held: 0 });
    expect(readFlashSaleEvent(null)).toBeNull();
  });

  it("an operations snapshot's `waitingRoom` is null or the line's counts and draw time", () => {
    const line = { waiting: 5, admitted: 1, used: 2, expired: 0, admissionRate: 1, drawnAt: null };
    expect(isSaleOperations(operationsFixture())).toBe(true);
    expect(isSaleOperations(operationsFixture({ waitingRoom: line }))).toBe(true);
    expect(isSaleOperations({ ...operationsFixture(), waitingRoom: { ...line, drawnAt: 7 } })).toBe(false);
    expect(isSaleOperations({ ...operationsFixture(), waitingRoom: { ...line, used: '2' } })).toBe(false);
    expect(isSaleOperations({ ...operationsFixture(), waitingRoom: undefined })).toBe(false);
  });
});
