import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';

import { ApiStatus } from './core/layout/api-status';
import { SiteHeader } from './core/layout/site-header';

@Component({
  selector: 'fl-root',
  imports: [RouterOutlet, SiteHeader, ApiStatus],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly document = inject(DOCUMENT);

  protected readonly year = new Date().getFullYear();

  /** With `<base href="/">` a bare `#main` link would leave the page: move focus instead. */
  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.document.getElementById('main')?.focus();
  }
}
