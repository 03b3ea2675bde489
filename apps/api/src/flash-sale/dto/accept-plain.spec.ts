import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@api/common/errors';
import { createValidationPipe, type PlainAcceptingDto } from '@api/common/http';
import { FlashSaleIdParams } from './flash-sale-id.params';
import { ReserveDto } from './reserve.dto';

/**
 * A hot DTO's `acceptPlain` is a second spelling of its decorators' rules, so it is held to them: whatever it
 * accepts, class-validator alone (the DTO without `acceptPlain`) accepts as the same value; and the values a
 * shopper really sends take the fast path, or it would be dead code.
 */
type HotDto = (new () => object) & PlainAcceptingDto;

/** The same class, validated by class-validator only: its subclass inherits the decorators, accepts nothing. */
function withoutFastPath(dto: HotDto): new () => object {
  return class extends dto {
    static override acceptPlain = (): undefined => undefined;
  };
}

/** What the one pipe answers: the value the handler gets, or the refusal the client gets. */
async function verdict(
  metatype: ArgumentMetadata['metatype'],
  value: unknown,
  type: ArgumentMetadata['type'],
) {
  try {
    const accepted = (await createValidationPipe().transform(value, { type, metatype })) as object;
    return { accepted: { ...accepted } };
  } catch (err) {
    if (err instanceof DomainError) return { refused: err.code, details: err.details };
    throw err;
  }
}

const CASES: Array<{ dto: HotDto; type: ArgumentMetadata['type']; usual: unknown[]; others: unknown[] }> = [
  {
    dto: ReserveDto,
    type: 'body',
    usual: [{ quantity: 1 }, { quantity: 2 }],
    others: [
      {},
      [],
      null,
      'quantity',
      { quantity: 0 },
      { quantity: -1 },
      { quantity: 1.5 },
      { quantity: '1' },
      { quantity: 1e9 },
      { quantity: Number.NaN },
      { quantity: Infinity },
      { quantity: 1, extra: true },
      JSON.parse('{"quantity":1,"__proto__":{"polluted":true}}') as unknown,
      Object.assign(Object.create({ inherited: 1 }) as object, { quantity: 1 }),
    ],
  },
  {
    dto: FlashSaleIdParams,
    type: 'param',
    usual: [{ id: '665f1c2ab1e4c2a9d0a1b2c3' }, { id: '665F1C2AB1E4C2A9D0A1B2C3' }],
    others: [
      {},
      { id: '' },
      { id: '665f1c2ab1e4c2a9d0a1b2c' },
      { id: '665f1c2ab1e4c2a9d0a1b2c3a' },
      { id: '665f1c2ab1e4c2a9d0a1b2cg' },
      { id: '0x5f1c2ab1e4c2a9d0a1b2c3' },
      { id: 665 },
      { id: '665f1c2ab1e4c2a9d0a1b2c3', other: 'x' },
    ],
  },
];

describe.each(CASES)('$dto.name.acceptPlain', ({ dto, type, usual, others }) => {
  it.each(usual.map((value) => [JSON.stringify(value), value]))(
    'takes %s without class-validator',
    (_, value) => {
      expect(dto.acceptPlain(value)).toBeInstanceOf(dto);
    },
  );

  it.each([...usual, ...others].map((value) => [String(JSON.stringify(value)), value]))(
    'answers %s exactly as class-validator alone does',
    async (_, value) => {
      expect(await verdict(dto, value, type)).toEqual(await verdict(withoutFastPath(dto), value, type));
    },
  );
});
