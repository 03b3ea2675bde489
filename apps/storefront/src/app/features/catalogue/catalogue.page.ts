import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged } from 'rxjs';

import { pageNumber } from '../../shared/page-number';
import { Pager } from '../../shared/ui/pager';
import { CATALOGUE_PAGE_SIZE, CatalogueStore } from './catalogue.store';
import { LiveSalesStrip } from './live-sales-strip';
import { ProductCard } from './product-card';

const SEARCH_DEBOUNCE_MS = 350;

/** The shop: every product, searchable by name, a page at a time (state in the URL: `?q=&page=`). */
@Component({
  selector: 'fl-catalogue-page',
  imports: [RouterLink, ProductCard, Pager, LiveSalesStrip],
  templateUrl: './catalogue.page.html',
  styleUrl: './catalogue.page.css',
  providers: [CatalogueStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CataloguePage {
  private readonly store = inject(CatalogueStore);
  private readonly router = inject(Router);
  private readonly typed = new Subject<string>();

  /** Query parameters, bound by the router. */
  readonly q = input<string>();
  readonly page = input<string>();

  protected readonly query = computed(() => ({ q: (this.q() ?? '').trim(), page: pageNumber(this.page()) }));
  protected readonly state = this.store.state;
  /** "12 products", "3 results for “lamp”": read out when a search finishes. */
  protected readonly resultCount = computed(() => {
    const state = this.state();
    if (state.kind !== 'ready') return '';
    const { total } = state.result;
    const q = state.query.q;
    return q
      ? `${total} ${total === 1 ? 'result' : 'results'} for “${q}”`
      : `${total} ${total === 1 ? 'product' : 'products'}`;
  });
  protected readonly pageSize = CATALOGUE_PAGE_SIZE;
  protected readonly skeletons = Array.from({ length: 8 }, (_, index) => index);

  constructor() {
    effect(() => {
      const query = this.query();
      untracked(() => this.store.load(query));
    });
    this.typed
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((text) => this.search(text, true));
  }

  protected searchAsYouType(text: string): void {
    this.typed.next(text.trim());
  }

  protected searchNow(event: SubmitEvent, text: string): void {
    event.preventDefault();
    this.search(text.trim(), false);
  }

  protected clearSearch(): void {
    this.search('', false);
  }

  private search(text: string, replaceUrl: boolean): void {
    if (text === this.query().q) return;
    void this.router.navigate([], {
      queryParams: { q: text || null, page: null },
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }
}
