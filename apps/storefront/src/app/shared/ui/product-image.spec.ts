import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { ProductImage, initials, placeholderHue } from './product-image';

/** A tiny valid SVG, and bytes no browser can decode: both load without any network. */
const GOOD_IMAGE =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3"/></svg>',
  );
const BROKEN_IMAGE = 'data:image/png;base64,bm90IGFuIGltYWdl';

describe('ProductImage', () => {
  let fixture: ComponentFixture<ProductImage>;

  async function render(src: string | undefined, alt = ''): Promise<HTMLElement> {
    fixture = TestBed.createComponent(ProductImage);
    fixture.componentRef.setInput('src', src);
    fixture.componentRef.setInput('name', 'Aurora Noise-Cancelling Headphones');
    fixture.componentRef.setInput('alt', alt);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  /** Waits for the browser to finish (or fail) decoding the image, then renders. */
  async function loaded(element: HTMLElement): Promise<void> {
    const image = element.querySelector('img');
    if (image && !image.complete) {
      await new Promise((resolve) => {
        image.addEventListener('load', resolve, { once: true });
        image.addEventListener('error', resolve, { once: true });
      });
    }
    await fixture.whenStable();
  }

  afterEach(() => TestBed.resetTestingModule());

  it('shows the picture when it loads', async () => {
    const element = await render(GOOD_IMAGE, 'Aurora headphones');
    await loaded(element);

    const image = element.querySelector('img');
    expect(image?.getAttribute('alt')).toBe('Aurora headphones');
    expect(image?.naturalWidth).toBe(4);
    expect(element.querySelector('.placeholder')).toBeNull();
  });

  it('a picture that fails to load gives way to the placeholder with the initials', async () => {
    const element = await render(BROKEN_IMAGE, 'Aurora headphones');
    await loaded(element);

    expect(element.querySelector('img')).toBeNull();
    const placeholder = element.querySelector('.placeholder');
    expect(placeholder?.textContent).toContain('AN');
    // Still named for assistive technology, as the picture was.
    expect(placeholder?.getAttribute('role')).toBe('img');
    expect(placeholder?.getAttribute('aria-label')).toBe('Aurora headphones');
  });

  it('no image at all: the placeholder, hidden from assistive technology when the card names the product', async () => {
    const element = await render(undefined);

    const placeholder = element.querySelector('.placeholder');
    expect(placeholder).not.toBeNull();
    expect(placeholder?.getAttribute('aria-hidden')).toBe('true');
  });

  it('keeps one colour and two initials per product name', () => {
    expect(placeholderHue('Glide Wireless Mouse')).toBe(placeholderHue('Glide Wireless Mouse'));
    expect(placeholderHue('Glide Wireless Mouse')).toBeGreaterThanOrEqual(0);
    expect(placeholderHue('Glide Wireless Mouse')).toBeLessThan(360);
    expect(initials('  zen   non-slip yoga mat ')).toBe('ZN');
    expect(initials('')).toBe('');
  });
});
