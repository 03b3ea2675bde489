import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type Product } from '@flashline/contracts';

import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';

/** A product in the catalogue grid: the whole card is one link to its page. */
@Component({
  selector: 'fl-product-card',
  imports: [RouterLink, MoneyPipe, ProductImage],
  template: `
    <a class="card-link" [routerLink]="['/products', product().id]" data-testid="product-card">
      <fl-product-image class="image" [src]="product().imageUrl" [name]="product().name" />
      <span class="body">
        <span class="name">{{ product().name }}</span>
        <span class="meta">
          <span class="price">{{ product().priceCents | money: product().currency }}</span>
          @if (product().stock === 0) {
            <span class="pill">Sold out</span>
          } @else if (product().stock <= 5) {
            <span class="pill pill--warn">Only {{ product().stock }} left</span>
          }
        </span>
      </span>
    </a>
  `,
  styles: `
    :host {
      display: block;
    }
    .card-link {
      display: flex;
      flex-direction: column;
      height: 100%;
      overflow: hidden;
      border: 1px solid var(--fl-border);
      border-radius: var(--fl-radius);
      color: inherit;
      text-decoration: none;
      background: var(--fl-surface);
      box-shadow: var(--fl-shadow-sm);
      transition:
        transform 0.15s,
        box-shadow 0.15s;
    }
    .card-link:hover {
      transform: translateY(-2px);
      box-shadow: var(--fl-shadow);
    }
    .image {
      border-radius: 0;
    }
    .body {
      display: grid;
      flex: 1;
      align-content: space-between;
      gap: 0.5rem;
      padding: 0.8rem 0.9rem 1rem;
    }
    .name {
      font-weight: 650;
      line-height: 1.3;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.35rem;
    }
    .price {
      font-size: 1.05rem;
    }
    @media (prefers-reduced-motion: reduce) {
      .card-link {
        transition: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductCard {
  readonly product = input.required<Product>();
}
