import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';

import { CartStore } from '../../features/cart/cart.store';
import { AuthStore } from '../auth/auth.store';

/** Top bar: brand, main navigation, the cart with its count, and the shopper's account. */
@Component({
  selector: 'fl-site-header',
  imports: [RouterLink, RouterLinkActive],
  templateUrl: './site-header.html',
  styleUrl: './site-header.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SiteHeader {
  private readonly auth = inject(AuthStore);
  private readonly cartStore = inject(CartStore);
  private readonly router = inject(Router);

  protected readonly user = this.auth.user;
  protected readonly cartCount = this.cartStore.count;
  protected readonly signingOut = signal(false);
  protected readonly signOutEverywhereFailed = signal(false);

  protected signOut(): void {
    this.signingOut.set(true);
    this.auth.signOut().subscribe({
      complete: () => {
        this.signingOut.set(false);
        void this.router.navigateByUrl('/');
      },
    });
  }

  protected signOutEverywhere(): void {
    this.signingOut.set(true);
    this.signOutEverywhereFailed.set(false);
    this.auth.signOutEverywhere().subscribe({
      complete: () => {
        this.signingOut.set(false);
        void this.router.navigateByUrl('/');
      },
      error: () => {
        this.signingOut.set(false);
        this.signOutEverywhereFailed.set(true);
      },
    });
  }
}
