import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import {
  contractError,
  FakeOperationsStream,
  OPERATIONS_STREAM_URL,
  OPERATIONS_URL,
  OPS_SALE_ID,
  operationsFixture,
  SALE_URL,
  saleFixture,
} from '../../../testing/operations-fixtures';
import { SaleOperationsStore } from './sale-operations.store';

describe('SaleOperationsStore', () => {
  let store: SaleOperationsStore;
  let controller: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), SaleOperationsStore],
    });
    store = TestBed.inject(SaleOperationsStore);
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  /** Opens the store, answers the two reads, and returns the live stream. */
  function open(): FakeOperationsStream {
    store.open(OPS_SALE_ID);
    controller.expectOne(OPERATIONS_URL).flush(operationsFixture());
    controller.expectOne(SALE_URL).flush(saleFixture());
    return new FakeOperationsStream(controller.expectOne(OPERATIONS_STREAM_URL));
  }

  it('shows the first read, then every newer snapshot from the stream', () => {
    const stream = open();
    expect(store.loadState()).toBe('ready');
    expect(store.streamState()).toBe('live');
    expect(store.operations()?.remaining).toBe(60);
    expect(store.conversionPercent()).toBe(30);
    expect(store.totalRejections()).toBe(6);

    stream.emit(operationsFixture({ at: '2030-06-01T12:00:01.000Z', remaining: 59, heldUnits: 26 }));
    expect(store.operations()).toMatchObject({ remaining: 59, heldUnits: 26 });

    // An older snapshot (the first read answering late) never replaces a newer one.
    stream.emit(operationsFixture({ at: '2030-06-01T11:59:59.000Z', remaining: 70 }));
    expect(store.operations()?.remaining).toBe(59);
  });

  it('says not found for an unknown sale', () => {
    store.open(OPS_SALE_ID);
    controller
      .expectOne(OPERATIONS_URL)
      .flush(contractError('NOT_FOUND', 'Flash sale not found.'), { status: 404, statusText: 'Not Found' });
    expect(store.loadState()).toBe('not_found');
  });

  it('pauses only after confirmation, and shows paused from the answer at once', () => {
    open();
    expect(store.nextAction()).toBe('pause');
    store.confirmAction();
    controller.expectNone(`${SALE_URL}/pause`);

    store.askToConfirm();
    expect(store.action()).toEqual({ kind: 'confirming', action: 'pause' });
    store.confirmAction();
    expect(store.action()).toEqual({ kind: 'working', action: 'pause' });
    const pause = controller.expectOne(`${SALE_URL}/pause`);
    expect(pause.request.method).toBe('POST');
    pause.flush(saleFixture({ paused: true }));

    expect(store.action()).toEqual({ kind: 'done', action: 'pause' });
    expect(store.paused()).toBe(true);
    expect(store.nextAction()).toBe('resume');
  });

  it('keeps a cancelled confirmation from doing anything', () => {
    open();
    store.askToConfirm();
    store.cancelAction();
    store.confirmAction();
    expect(store.action()).toEqual({ kind: 'idle' });
    controller.expectNone(`${SALE_URL}/pause`);
  });

  it('shows the contract message when resuming fails', () => {
    const stream = open();
    stream.emit(operationsFixture({ at: '2030-06-01T12:00:01.000Z', paused: true }));
    store.askToConfirm();
    store.confirmAction();
    controller
      .expectOne(`${SALE_URL}/resume`)
      .flush(contractError('CONFLICT', 'This sale has ended: it cannot be resumed.'), {
        status: 409,
        statusText: 'Conflict',
      });
    expect(store.action()).toEqual({
      kind: 'failed',
      action: 'resume',
      message: 'This sale has ended: it cannot be resumed.',
    });
    expect(store.paused()).toBe(true);
  });

  it('shows a reconnect while the stream is down, and stops when the server refuses it for good', () => {
    open().request.flush(null, { status: 503, statusText: 'Unavailable' });
    expect(store.streamState()).toBe('reconnecting');

    vi.advanceTimersByTime(30_000);
    controller
      .expectOne(OPERATIONS_STREAM_URL)
      .flush(contractError('UNAUTHENTICATED', 'A valid access token is required.'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    expect(store.streamState()).toBe('stopped');
    expect(store.streamError()?.message).toBe('A valid access token is required.');
  });
});
