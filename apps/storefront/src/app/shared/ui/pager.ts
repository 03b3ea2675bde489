import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Previous / next links for a paged list, through the `page` query parameter (other parameters kept). */
@Component({
  selector: 'fl-pager',
  imports: [RouterLink],
  template: `
    @if (pageCount() > 1) {
      <nav class="pager" [attr.aria-label]="label()">
        @if (page() > 1) {
          <a
            class="btn btn--ghost btn--small"
            routerLink="."
            [queryParams]="{ page: page() - 1 }"
            queryParamsHandling="merge"
            rel="prev"
          >
            ← Previous
          </a>
        } @else {
          <span class="btn btn--ghost btn--small" aria-disabled="true">← Previous</span>
        }
        <span class="position" aria-current="page">Page {{ page() }} of {{ pageCount() }}</span>
        @if (page() < pageCount()) {
          <a
            class="btn btn--ghost btn--small"
            routerLink="."
            [queryParams]="{ page: page() + 1 }"
            queryParamsHandling="merge"
            rel="next"
          >
            Next →
          </a>
        } @else {
          <span class="btn btn--ghost btn--small" aria-disabled="true">Next →</span>
        }
      </nav>
    }
  `,
  styles: `
    .pager {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: center;
      gap: 0.75rem;
      margin-top: 2rem;
    }
    .position {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Pager {
  readonly page = input.required<number>();
  readonly total = input.required<number>();
  readonly limit = input.required<number>();
  readonly label = input('Pages');

  protected readonly pageCount = computed(() => Math.max(1, Math.ceil(this.total() / this.limit())));
}
