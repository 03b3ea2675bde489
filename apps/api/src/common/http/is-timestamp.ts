import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The one timestamp form the API accepts: `2026-06-01T12:00:00Z`, optionally with 1-9 fraction digits and
 * a `±hh:mm` offset instead of `Z`. ISO 8601 has many more forms (`+9999-…` extended years, `2027-001`
 * ordinal and `2026-W49-4` week dates, `,5` comma fractions, basic format) that class-validator's
 * `IsISO8601` accepts but `Date` cannot parse: an Invalid Date then reached the sale's window checks (NaN
 * compares false to everything) and the database (500). One strict form, parsed and range-checked here.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** `2025-06-01T12:00:00.000000000+05:30` is 35 characters: nothing longer can be a timestamp. */
export const TIMESTAMP_MAX_LENGTH = 35;

/** Milliseconds since the epoch of a timestamp in the one accepted form, or undefined for anything else. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > TIMESTAMP_MAX_LENGTH) return undefined;
  const parts = TIMESTAMP.exec(value);
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Date rolls 2027-02-30 over to March 2nd: the day must exist in its month.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The shared validator (and OpenAPI description) of every date field of every DTO: a string in the one
 * accepted form, from 1970 to 9999, that `Date` parses.
 */
export function IsTimestamp(api: ApiPropertyOptions = {}, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'date-time',
      maxLength: TIMESTAMP_MAX_LENGTH,
      example: '2026-06-01T12:00:00.000Z',
      ...api,
    } as ApiPropertyOptions),
    ValidateBy(
      {
        name: 'isTimestamp',
        validator: {
          validate: (value: unknown) => parseTimestamp(value) !== undefined,
          defaultMessage: (args) =>
            `${args?.property ?? 'value'} must be a timestamp like 2026-06-01T12:00:00Z (UTC, or a ±hh:mm offset)`,
        },
      },
      options,
    ),
  );
}
