import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

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
import { SaleOperationsPage } from './sale-operations.page';

describe('SaleOperationsPage', () => {
  let fixture: ComponentFixture<SaleOperationsPage>;
  let controller: HttpTestingController;
  let stream: FakeOperationsStream;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SaleOperationsPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    controller = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SaleOperationsPage);
    fixture.componentRef.setInput('id', OPS_SALE_ID);
    fixture.detectChanges();
    controller.expectOne(OPERATIONS_URL).flush(operationsFixture());
    controller.expectOne(SALE_URL).flush(saleFixture());
    stream = new FakeOperationsStream(controller.expectOne(OPERATIONS_STREAM_URL));
    await fixture.whenStable();
  });

  afterEach(() => TestBed.resetTestingModule());

  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (testId: string): string =>
    element().querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
  const click = async (testId: string): Promise<void> => {
    const button = element().querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
    if (button === null) throw new Error(`no ${testId}`);
    button.click();
    await fixture.whenStable();
  };

  it('shows every counter as a labelled tile, the rejections and the units bar', () => {
    expect(element().querySelector('h1')?.textContent).toContain('Aurora Sneaker');
    const tiles = [...element().querySelectorAll('.tile')].map((tile) => [
      tile.querySelector('dt')?.textContent?.trim(),
      tile.querySelector('dd')?.textContent?.trim(),
    ]);
    expect(tiles).toEqual([
      ['Remaining', '60'],
      ['Active holds', '25'],
      ['Sold', '15'],
      ['Paid', '15'],
      ['Expired', '6'],
      ['Cancelled', '4'],
      ['Refunded', '1'],
      ['Conversion', '30 %'],
      ['Reserve requests', '12.5/s'],
    ]);
    expect(text('ops-rejections-total')).toBe('6');
    expect(text('ops-rejected-limit_reached')).toBe('3');
    const bar = element().querySelector('[data-testid="ops-bar"]');
    expect(bar?.getAttribute('role')).toBe('progressbar');
    expect(bar?.getAttribute('aria-valuenow')).toBe('40');
    expect(bar?.getAttribute('aria-valuetext')).toBe('15 sold, 25 held, 60 free of 100');
    expect(text('ops-stream')).toContain('Live');
  });

  it('updates live from the stream', async () => {
    stream.emit(operationsFixture({ at: '2030-06-01T12:00:02.000Z', remaining: 58, heldUnits: 27 }));
    await fixture.whenStable();
    expect(text('ops-remaining')).toBe('58');
    expect(text('ops-held')).toBe('27');
  });

  it('shows the line of a waiting-room sale: waiting, admitted, used, expired, admission rate, the draw', async () => {
    expect(element().querySelector('[data-testid="ops-line"]')).toBeNull();

    stream.emit(
      operationsFixture({
        at: '2030-06-01T12:00:03.000Z',
        waitingRoom: {
          waiting: 1_800,
          admitted: 25,
          used: 340,
          expired: 10,
          admissionRate: 19.84,
          drawnAt: null,
        },
      }),
    );
    await fixture.whenStable();

    expect(text('ops-line-waiting')).toBe('1800');
    expect(text('ops-line-admitted')).toBe('25');
    expect(text('ops-line-used')).toBe('340');
    expect(text('ops-line-expired')).toBe('10');
    expect(text('ops-line-rate')).toBe('19.8/s');
    expect(text('ops-line-draw')).toContain('The draw runs at the start');

    stream.emit(
      operationsFixture({
        at: '2030-06-01T12:00:04.000Z',
        waitingRoom: {
          waiting: 1_790,
          admitted: 20,
          used: 355,
          expired: 10,
          admissionRate: 20,
          drawnAt: '2030-06-01T11:00:00.012Z',
        },
      }),
    );
    await fixture.whenStable();
    expect(text('ops-line-waiting')).toBe('1790');
    expect(text('ops-line-draw')).toMatch(/^Drawn at /);
  });

  it('asks before pausing, then shows the sale paused', async () => {
    expect(text('ops-action')).toBe('Pause sale');
    await click('ops-action');
    expect(element().textContent).toContain('Pause this sale?');
    expect(controller.match(`${SALE_URL}/pause`)).toHaveLength(0);

    await click('ops-confirm');
    controller.expectOne(`${SALE_URL}/pause`).flush(saleFixture({ paused: true }));
    await fixture.whenStable();

    expect(text('ops-paused')).toBe('Paused');
    expect(text('ops-action')).toBe('Resume sale');
    expect(text('ops-action-done')).toBe('Sale paused.');
  });

  it('shows the API’s message when an action fails', async () => {
    await click('ops-action');
    await click('ops-confirm');
    controller
      .expectOne(`${SALE_URL}/pause`)
      .flush(contractError('FORBIDDEN', 'You are not allowed to do this.'), {
        status: 403,
        statusText: 'Forbidden',
      });
    await fixture.whenStable();
    const error = element().querySelector('[data-testid="ops-action-error"]');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toContain('You are not allowed to do this.');
  });
});
