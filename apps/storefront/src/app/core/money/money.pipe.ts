import { LOCALE_ID, Pipe, type PipeTransform, inject } from '@angular/core';

import { formatMoney } from './money';

/** `{{ sale.salePriceCents | money: sale.currency }}`: integer minor units shown in the app's locale. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(amountMinor: number, currency: string): string {
    return formatMoney(amountMinor, currency, this.locale);
  }
}
