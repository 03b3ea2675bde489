import { readWebhookEvent } from './webhook-event';

const intent = {
  id: 'pi_1',
  object: 'payment_intent',
  amount: 4900,
  amount_received: 4900,
  currency: 'usd',
  metadata: { reservationId: 'r1' },
};
const event = { id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: intent } };
const read = (value: unknown) => readWebhookEvent(JSON.stringify(value) ?? '');

describe('readWebhookEvent (the webhook’s door)', () => {
  it('reads a well-formed intent event into checked fields', () => {
    expect(read(event)).toEqual({
      event: {
        id: 'evt_1',
        type: 'payment_intent.succeeded',
        intent: { id: 'pi_1', reservationId: 'r1', amountCents: 4900, currency: 'usd' },
      },
    });
  });

  it('takes any other well-formed event without reading its data', () => {
    expect(read({ id: 'evt_2', type: 'charge.refunded', data: null })).toEqual({
      event: { id: 'evt_2', type: 'charge.refunded' },
    });
  });

  it.each([
    ['not JSON', '{"id":'],
    ['null', 'null'],
    ['an array', '[]'],
  ])('sets aside a body that is %s', (_what, text) => {
    expect(readWebhookEvent(text)).toHaveProperty('unprocessable.problem');
  });

  it.each([
    ['id as an operator', { ...event, id: { $gt: '' } }],
    ['no id', { ...event, id: undefined }],
    ['no data', { ...event, data: undefined }],
    ['null data', { ...event, data: null }],
    [
      'a reservation id that is a number',
      { ...event, data: { object: { ...intent, metadata: { reservationId: 4 } } } },
    ],
    ['an amount that is a string', { ...event, data: { object: { ...intent, amount: '4900' } } }],
    ['a negative amount', { ...event, data: { object: { ...intent, amount_received: -1 } } }],
    ['a currency that is an object', { ...event, data: { object: { ...intent, currency: {} } } }],
    ['another object', { ...event, data: { object: { ...intent, object: 'charge' } } }],
  ])('sets aside an intent event with %s, keeping its id when it is a string', (_what, body) => {
    const result = read(body);
    expect(result).toHaveProperty('unprocessable.problem');
    if (typeof body.id === 'string') expect(result).toHaveProperty('unprocessable.id', body.id);
    else expect(result).not.toHaveProperty('unprocessable.id');
  });
});
