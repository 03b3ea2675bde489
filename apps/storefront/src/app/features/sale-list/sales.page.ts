import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { SaleCard } from './sale-card';
import { SalesStore } from './sales.store';

/** All flash sales: live now, coming up (with countdowns), sold out and recently ended. */
@Component({
  selector: 'fl-sales-page',
  imports: [RouterLink, SaleCard],
  templateUrl: './sales.page.html',
  styleUrl: './sales.page.css',
  providers: [SalesStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SalesPage {
  private readonly store = inject(SalesStore);

  protected readonly isLoading = this.store.isLoading;
  protected readonly error = this.store.error;
  protected readonly sections = this.store.sections;
  protected readonly isEmpty = this.store.isEmpty;
  protected readonly skeletons = [0, 1, 2, 3];
}
