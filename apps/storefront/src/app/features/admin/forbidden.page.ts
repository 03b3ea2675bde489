import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Where a signed-in shopper lands when they open an admin page. */
@Component({
  selector: 'fl-forbidden-page',
  imports: [RouterLink],
  template: `
    <section class="empty" data-testid="forbidden">
      <h1>Admins only</h1>
      <p>This page is for Flashline operators. Your account cannot open it.</p>
      <a class="btn" routerLink="/sales">See the flash sales</a>
    </section>
  `,
  styles: `
    h1 {
      margin: 0;
      color: var(--fl-ink);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForbiddenPage {}
