import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { type FlashSale } from '@flashline/contracts';
import { catchError, map, of } from 'rxjs';

import { FlashSalesApi } from '../../core/api/flash-sales.api';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';

const SHOWN = 4;

/** The catalogue's teaser: a few flash sales live right now (with stock), linking to their pages. */
@Component({
  selector: 'fl-live-sales-strip',
  imports: [RouterLink, MoneyPipe, ProductImage],
  template: `
    @if (sales(); as sales) {
      @if (sales.length > 0) {
        <section class="strip" aria-labelledby="live-heading">
          <h2 id="live-heading"><span class="pill pill--live">Live</span> Flash sales happening now</h2>
          <ul>
            @for (sale of sales; track sale.id) {
              <li>
                <a [routerLink]="['/sales', sale.id]">
                  <fl-product-image class="thumb" [src]="sale.product.imageUrl" [name]="sale.product.name" />
                  <span class="name">{{ sale.product.name }}</span>
                  <span class="price">{{ sale.salePriceCents | money: sale.currency }}</span>
                  <span class="left">{{ sale.remaining }} left</span>
                </a>
              </li>
            }
          </ul>
        </section>
      }
    }
  `,
  styles: `
    h2 {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0 0 0.75rem;
      font-size: 1.1rem;
    }
    ul {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
      gap: 0.75rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      display: grid;
      grid-template-columns: 3.5rem 1fr auto;
      grid-template-areas: 'thumb name price' 'thumb left left';
      align-items: center;
      gap: 0.1rem 0.75rem;
      padding: 0.6rem;
      border: 1px solid var(--fl-border);
      border-radius: var(--fl-radius-sm);
      color: inherit;
      text-decoration: none;
      background: var(--fl-surface);
    }
    a:hover {
      border-color: var(--fl-hot);
    }
    .thumb {
      grid-area: thumb;
      border-radius: 0.5rem;
      aspect-ratio: 1;
    }
    .name {
      grid-area: name;
      overflow: hidden;
      font-weight: 650;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .price {
      grid-area: price;
      font-weight: 800;
      color: var(--fl-hot-dark);
    }
    .left {
      grid-area: left;
      font-size: 0.85rem;
      color: var(--fl-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveSalesStrip {
  private readonly api = inject(FlashSalesApi);

  protected readonly sales = toSignal(
    this.api.list('active').pipe(
      map((sales: FlashSale[]) => sales.filter((sale) => sale.status === 'active').slice(0, SHOWN)),
      catchError(() => of<FlashSale[]>([])),
    ),
  );
}
