import { Transform } from 'class-transformer';
import { isURL, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** Trims strings; leaves anything else (a number, an operator object) for the validators to refuse. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export const LowerCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value));

/** Like `@IsOptional()` but only for an absent field: `null` is still validated (and refused). */
export const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

const ABSOLUTE_IMAGE_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** A path on the storefront's own host (`/images/products/aurora.svg`): never `//host`, `..` or a query. */
const SITE_PATH = /^\/(?!\/)(?!.*\.\.)[A-Za-z0-9._~\-/]+$/;

export function isImageUrl(value: unknown): boolean {
  return typeof value === 'string' && (SITE_PATH.test(value) || isURL(value, ABSOLUTE_IMAGE_URL));
}

/**
 * An http(s) URL, or a root-relative path on the storefront's host: the demo catalogue ships its pictures
 * with the storefront, so an admin must be able to send such a product back unchanged.
 */
export const IsImageUrl = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isImageUrl',
      validator: {
        validate: isImageUrl,
        defaultMessage: () => '$property must be an http(s) URL or a path starting with "/"',
      },
    },
    options,
  );
