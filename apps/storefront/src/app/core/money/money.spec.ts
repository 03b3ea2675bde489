import { TestBed } from '@angular/core/testing';
import { LOCALE_ID } from '@angular/core';

import { formatMoney, minorUnitDigits } from './money';
import { MoneyPipe } from './money.pipe';

describe('money', () => {
  it.each([
    [4900, 'usd', '$49.00'],
    [5, 'usd', '$0.05'],
    [0, 'usd', '$0.00'],
    [123_456_789, 'usd', '$1,234,567.89'],
    [4900, 'USD', '$49.00'],
    [4900, 'eur', '€49.00'],
    [4900, 'jpy', '¥4,900'],
    [1234, 'kwd', 'KWD 1.234'],
  ])('formats %i minor units of %s as %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('uses the locale for separators and placement', () => {
    expect(formatMoney(123_456, 'eur', 'de-DE').replace(/\u00a0/g, ' ')).toBe('1.234,56 €');
  });

  it('knows how many minor units make a major one', () => {
    expect(minorUnitDigits('usd')).toBe(2);
    expect(minorUnitDigits('jpy')).toBe(0);
    expect(minorUnitDigits('kwd')).toBe(3);
  });

  it('MoneyPipe formats in the app locale', () => {
    TestBed.configureTestingModule({ providers: [MoneyPipe, { provide: LOCALE_ID, useValue: 'en-GB' }] });
    const pipe = TestBed.inject(MoneyPipe);

    expect(pipe.transform(4900, 'gbp')).toBe('£49.00');
  });
});
