import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** How much of a sale is gone: a bar plus "N of M left". */
@Component({
  selector: 'fl-stock-bar',
  template: `
    <div
      class="progress"
      role="progressbar"
      [attr.aria-label]="label()"
      aria-valuemin="0"
      [attr.aria-valuemax]="quantity()"
      [attr.aria-valuenow]="sold()"
      [attr.aria-valuetext]="remaining() + ' of ' + quantity() + ' left'"
    >
      <span [style.width.%]="percentSold()"></span>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockBar {
  readonly remaining = input.required<number>();
  readonly quantity = input.required<number>();
  readonly label = input('Units sold');

  protected readonly sold = computed(() => Math.max(0, this.quantity() - this.remaining()));
  protected readonly percentSold = computed(() =>
    this.quantity() > 0 ? Math.min(100, Math.round((this.sold() / this.quantity()) * 100)) : 100,
  );
}
