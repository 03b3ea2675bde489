import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type Cart } from '@flashline/contracts';
import { firstValueFrom } from 'rxjs';

import { AuthStore } from '../../core/auth/auth.store';
import { httpInterceptors } from '../../core/http/interceptors';
import { CartStore } from './cart.store';
import { SHOPPER_SESSION } from '../../../testing/auth-session';

function cart(lines: Array<[string, number]>): Cart {
  const items = lines.map(([productId, quantity]) => ({
    productId,
    name: `Product ${productId}`,
    unitPriceCents: 1_000,
    quantity,
    lineTotalCents: 1_000 * quantity,
  }));
  return { items, totalCents: items.reduce((sum, line) => sum + line.lineTotalCents, 0), currency: 'usd' };
}

describe('CartStore', () => {
  let store: CartStore;
  let auth: AuthStore;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors(httpInterceptors)), provideHttpClientTesting()],
    });
    store = TestBed.inject(CartStore);
    auth = TestBed.inject(AuthStore);
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  async function signIn(): Promise<void> {
    const done = firstValueFrom(auth.signIn({ email: 'ada@example.com', password: 'secret-password' }));
    controller.expectOne('/api/auth/login').flush(SHOPPER_SESSION);
    await done;
    TestBed.tick();
  }

  it('loads when a shopper signs in, counts units for the header, and forgets the cart on sign-out', async () => {
    await signIn();
    controller.expectOne('/api/cart').flush(
      cart([
        ['p1', 2],
        ['p2', 1],
      ]),
    );
    expect(store.count()).toBe(3);

    const out = firstValueFrom(auth.signOut(), { defaultValue: undefined });
    controller.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await out;
    TestBed.tick();
    expect(store.cart()).toBeNull();
    expect(store.count()).toBe(0);
  });

  it('"Add to cart" adds to the quantity already there (PUT sets it)', async () => {
    await signIn();
    controller.expectOne('/api/cart').flush(cart([['p1', 2]]));

    const added = firstValueFrom(store.addItem('p1', 3));
    const put = controller.expectOne('/api/cart/items/p1');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ quantity: 5 });
    put.flush(cart([['p1', 5]]));
    await added;

    expect(store.count()).toBe(5);
  });

  it('keeps the cart and shows the API message when a change is refused', async () => {
    await signIn();
    controller.expectOne('/api/cart').flush(cart([['p1', 1]]));

    store.setQuantity('p1', 50);
    expect(store.isPending('p1')).toBe(true);
    controller
      .expectOne('/api/cart/items/p1')
      .flush(
        { error: { code: 'VALIDATION_FAILED', message: 'Only 3 left.', requestId: 'r' } },
        { status: 400, statusText: 'Bad Request' },
      );

    expect(store.isPending('p1')).toBe(false);
    expect(store.error()?.message).toBe('Only 3 left.');
    expect(store.count()).toBe(1);
  });
});
