import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'fl-not-found-page',
  imports: [RouterLink],
  template: `
    <section class="not-found" data-testid="not-found">
      <p class="code">404</p>
      <h1>This deal has expired.</h1>
      <p>The page you are looking for does not exist, or sold out long ago.</p>
      <a routerLink="/">Back to the shop</a>
    </section>
  `,
  styles: `
    .not-found {
      padding: 3rem 1rem;
      text-align: center;
    }
    .code {
      margin: 0;
      font-size: 4rem;
      font-weight: 800;
      color: var(--fl-hot);
    }
    h1 {
      margin: 0.5rem 0;
    }
    a {
      font-weight: 700;
      color: var(--fl-ink);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
