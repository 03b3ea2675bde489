import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/** A stable hue per product name, so a product keeps its placeholder colour everywhere. */
export function placeholderHue(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/** Up to two initials of a product name, for the placeholder. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * A product's picture, or (no `imageUrl`, or it fails to load) a tinted placeholder with its initials.
 * `alt` is empty by default because cards name the product next to the image.
 */
@Component({
  selector: 'fl-product-image',
  template: `
    @if (src() && !failed()) {
      <img [src]="src()" [alt]="alt()" loading="lazy" decoding="async" (error)="failed.set(true)" />
    } @else {
      <div
        class="placeholder"
        [style.--hue]="hue()"
        [attr.role]="alt() ? 'img' : null"
        [attr.aria-label]="alt() || null"
        [attr.aria-hidden]="alt() ? null : 'true'"
      >
        <span class="initials">{{ initials() }}</span>
        <span class="bolt">⚡</span>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      container-type: inline-size;
      aspect-ratio: 4 / 3;
      overflow: hidden;
      border-radius: inherit;
      background: var(--fl-bg);
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .placeholder {
      position: relative;
      display: grid;
      place-items: center;
      width: 100%;
      height: 100%;
      background:
        radial-gradient(circle at 20% 15%, hsl(var(--hue) 90% 96%), transparent 55%),
        linear-gradient(135deg, hsl(var(--hue) 70% 88%), hsl(calc(var(--hue) + 40) 70% 78%));
    }
    .initials {
      font-size: clamp(0.9rem, 22cqi, 4rem);
      font-weight: 800;
      letter-spacing: -0.04em;
      color: hsl(var(--hue) 45% 25%);
    }
    .bolt {
      position: absolute;
      right: 6cqi;
      bottom: 4cqi;
      font-size: clamp(0.6rem, 9cqi, 1.25rem);
      opacity: 0.5;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductImage {
  readonly src = input<string | undefined>(undefined);
  readonly name = input.required<string>();
  readonly alt = input('');

  protected readonly failed = signal(false);
  protected readonly hue = computed(() => placeholderHue(this.name()));
  protected readonly initials = computed(() => initials(this.name()));
}
