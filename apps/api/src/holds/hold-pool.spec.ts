import { CATALOG_POOL, newReservationId, poolOfReservation, salePool } from './hold-pool';

describe('newReservationId', () => {
  const sale = salePool('665f1c2ab1e4c2a9d0a1b2c3');

  it('names its pool, so the id alone finds it again', () => {
    expect(poolOfReservation(newReservationId(sale))).toEqual(sale);
    expect(poolOfReservation(newReservationId(CATALOG_POOL))).toEqual(CATALOG_POOL);
  });

  it('never repeats, across many refills of the random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newReservationId(sale));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^665f1c2ab1e4c2a9d0a1b2c3\.[A-Za-z0-9_-]{16}$/);
  });
});
