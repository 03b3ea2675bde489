import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type FlashSale } from '@flashline/contracts';

import { AuthStore } from '../../core/auth/auth.store';
import { ServerClock } from '../../core/clock/server-clock';
import { CountdownPipe } from '../../core/clock/countdown.pipe';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';
import { StockBar } from '../../shared/ui/stock-bar';
import { salePhase } from '../sale-page/sale-phase';

/** A flash sale in the list: the whole card links to the sale page (and, for admins, to its operations). */
@Component({
  selector: 'fl-sale-card',
  imports: [RouterLink, MoneyPipe, CountdownPipe, ProductImage, StockBar],
  templateUrl: './sale-card.html',
  styleUrl: './sale-card.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SaleCard {
  private readonly clock = inject(ServerClock);
  private readonly auth = inject(AuthStore);

  readonly sale = input.required<FlashSale>();

  protected readonly isAdmin = computed(() => this.auth.user()?.role === 'admin');
  protected readonly phase = computed(() => salePhase(this.sale(), null, this.clock.now()));
  protected readonly msUntilStart = computed(() =>
    Math.max(0, Date.parse(this.sale().startsAt) - this.clock.now()),
  );
  protected readonly msUntilEnd = computed(() =>
    Math.max(0, Date.parse(this.sale().endsAt) - this.clock.now()),
  );
  protected readonly percentOff = computed(() => {
    const { salePriceCents, originalPriceCents } = this.sale();
    return originalPriceCents > 0 ? Math.round((1 - salePriceCents / originalPriceCents) * 100) : 0;
  });
}
