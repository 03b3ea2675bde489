import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** Top bar: brand plus the main navigation (placeholder entries until their features exist). */
@Component({
  selector: 'fl-site-header',
  imports: [RouterLink, RouterLinkActive],
  templateUrl: './site-header.html',
  styleUrl: './site-header.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SiteHeader {
  protected readonly upcoming = ['Flash sales', 'Cart', 'Account'] as const;
}
