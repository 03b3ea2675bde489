import type { AuthSession, QueueTicket, Reservation } from '@flashline/contracts';
import type { MongoClient } from 'mongodb';
import type { ApiCluster } from '../lib/api-cluster';
import { type BenchSale, createOpenSale, signInAdmin } from '../lib/fixtures';
import {
  bearer,
  call,
  expectOk,
  type JsonResponse,
  mapLimit,
  type PostedAnswer,
  pooledPoster,
} from '../lib/http';
import { saleDisagreement } from '../lib/sale-check';
import { firstEvent, openSse } from '../lib/sse';
import { StreamClients } from '../lib/stream-clients';
import { percentile } from '../lib/timeline';

/** One drop of the same crowd on a 100-unit sale: through the line, or the scramble of today. */
export interface DropResult {
  kind: 'line' | 'scramble';
  /** Why the drop did not run (the API has no waiting room yet). */
  skipped?: string;
  /** The burst's requests: joins (line) or reserves (scramble). */
  requests: number;
  /** The burst's requests per second, from the first sent to the last answered. */
  rps: number;
  /** p99 of the burst's requests, from when the shopper pressed to the answer (ms). */
  p99: number;
  /** API CPU per request of the burst (µs), stream fan-out included. */
  cpuUs: number;
  /** API CPU seconds from the first request to the end of the drop (every page told). */
  episodeCpuSeconds: number;
  /** From the first request until every shopper knows where they stand (ms): a place in line, or a 201 / 409. */
  everyoneKnowsMs: number;
  /** Units paid for. */
  sold: number;
  /** Undefined when exact: every unit sold once, the rest refused, Redis and MongoDB agree. */
  inexact?: string;
  /**
   * Line: from the last unit sold to the last page shown sold_out with nobody waiting (ms), measured from the
   * last payment's request, so an upper bound.
   */
  soldToToldMs?: number;
  streamsOpen: number;
  statuses: string;
}

export interface DropOptions {
  units: number;
  /** Pages on the sale stream during the drop. */
  streams: number;
  streamClients: number;
  admitPerSecond: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const SLICES = 10;
/** How long a drop may take before the bench gives up on it (admission at 20/s of 100 units: ~5 s). */
const DROP_TIMEOUT_MS = 90_000;

/** How the line's drop ended: when the last unit was sold, or why it stopped short. */
interface SellOut {
  /** When the last payment was sent: the last unit was sold after it, so time measured from here is an upper bound. */
  at?: number;
  failure?: string;
}

interface Answer extends PostedAnswer {
  index: number;
  pressedAt: number;
  doneAt: number;
}

/**
 * The crowd presses within one second: `SLICES` equal slices 100 ms apart, each sent at once through 512
 * pooled sockets. Times are epoch ms.
 */
async function withinOneSecond(
  shoppers: readonly AuthSession[],
  send: (shopper: AuthSession) => Promise<PostedAnswer>,
): Promise<Answer[]> {
  const size = Math.ceil(shoppers.length / SLICES);
  const start = now();
  const slices = Array.from({ length: SLICES }, async (_, slice) => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + slice * 100 - now())));
    const pressedAt = now();
    return Promise.all(
      shoppers.slice(slice * size, (slice + 1) * size).map(async (shopper, i) => {
        const answer = await send(shopper);
        return { ...answer, index: slice * size + i, pressedAt, doneAt: now() };
      }),
    );
  });
  return (await Promise.all(slices)).flat();
}

function burstFigures(answers: readonly Answer[]): Pick<DropResult, 'rps' | 'p99' | 'statuses'> {
  const first = Math.min(...answers.map((a) => a.pressedAt));
  const last = Math.max(...answers.map((a) => a.doneAt));
  const latencies = answers.map((a) => a.doneAt - a.pressedAt).sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  return {
    rps: answers.length / Math.max(0.001, (last - first) / 1000),
    p99: percentile(latencies, 0.99),
    statuses: [...counts]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status} × ${count}`)
      .join(', '),
  };
}

/**
 * A call a shopper's page would retry: a 5xx or a network error is tried again (up to 5 times, backing off),
 * as "try again shortly" asks; anything else is the answer.
 */
async function retry<T>(send: () => Promise<JsonResponse<T>>): Promise<JsonResponse<T>> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send().catch((): JsonResponse<T> => ({ status: 0, body: undefined as T }));
    if ((answer.status < 500 && answer.status !== 0) || attempt === 5) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

const retried = <T>(send: () => Promise<JsonResponse<T>>, what: string): Promise<T> =>
  expectOk(retry(send), what);

/**
 * Pays for a hold through stripe-mock and the signed webhook: the unit is sold during the last call (the dev
 * route posts the webhook and answers after it), so the time that call was sent, returned, is a lower bound
 * of the moment of sale.
 */
async function pay(url: string, shopper: AuthSession, reservationId: string): Promise<number> {
  const auth = bearer(shopper);
  const intent = await retried(
    () =>
      call<{ paymentIntentId: string }>(
        `${url}/api/reservations/${reservationId}/payment-intent`,
        'POST',
        undefined,
        auth,
      ),
    'payment intent',
  );
  const sentAt = now();
  await retried(
    () => call(`${url}/api/dev/payments/${intent.paymentIntentId}/succeed`, 'POST', undefined, auth),
    'pay',
  );
  return sentAt;
}

/** Polls until Redis and MongoDB agree on the sale (orders land a moment after the payment answers). */
async function agreement(
  api: ApiCluster,
  admin: AuthSession,
  mongo: MongoClient,
  saleId: string,
  won: number,
): Promise<string | undefined> {
  let disagreement: string | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    disagreement = await saleDisagreement(api.url, admin, mongo, saleId, won);
    if (disagreement === undefined) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return disagreement;
}

/**
 * Scenario 10, the waiting-room crowd (issue 19): the crowd's pages sit on the sale stream, every shopper
 * joins the line within one second, and each page buys as soon as the stream's `queue.admittedUpTo` reaches
 * its ticket (reserve, then pay through stripe-mock). The bench plays the pages' part from one stream of its
 * own; the `streams` pages (load-generator processes) time when each was told the line had sold out.
 */
export async function lineDrop(
  api: ApiCluster,
  shoppers: readonly AuthSession[],
  options: DropOptions,
  mongo: MongoClient,
): Promise<DropResult> {
  const admin = await signInAdmin(api.url);
  // An admission lapses after 30 s (default 120) so that a page that failed to buy stalls the drop less.
  const waitingRoom = { admitPerSecond: options.admitPerSecond, admissionSeconds: 30 };
  let sale: BenchSale;
  try {
    sale = await createOpenSale(api.url, admin, { quantity: options.units, waitingRoom });
  } catch (error) {
    return skipped(`the API refuses a sale with waitingRoom (${(error as Error).message})`);
  }
  if (!sale.waitingRoom) return skipped('the API created the sale without its waitingRoom');
  const queuePath = `/api/flash-sales/${sale.id}/queue`;
  // One shopper joins first: an API without the line answers 404 here (that shopper's join in the crowd then
  // answers 200 with the same ticket).
  const probe = await call(`${api.url}${queuePath}`, 'POST', {}, bearer(shoppers[0]));
  if (probe.status === 404)
    return skipped(`the API answers 404 on POST ${queuePath.replace(sale.id, ':id')}`);
  const eventsPath = `/api/flash-sales/${sale.id}/events`;
  const first = await firstEvent(api.url, eventsPath);
  if (first?.queue === undefined) {
    return skipped('the sale stream carries no `queue` field, so no page can tell it was admitted');
  }
  const pages = StreamClients.start(options.streamClients);
  try {
    const opened = await pages.open(api.url, eventsPath, options.streams);
    const toldSoldOut = await pages.watch({ status: 'sold_out', queueWaitingAtMost: 0 }, DROP_TIMEOUT_MS);
    const post = pooledPoster(api.url, 512, true);
    const tickets = new Map<number, number>();
    const buyer = admittedBuyer(api, shoppers, sale.id, tickets, options.units);
    const cpuBefore = api.cpuSeconds();
    const started = now();
    const joins = await withinOneSecond(shoppers, (shopper) => post(queuePath, {}, shopper.accessToken));
    const cpuUs = ((api.cpuSeconds() - cpuBefore) * 1e6) / joins.length;
    let everyoneKnowsAt = 0;
    for (const join of joins) {
      const ticket = join.status < 300 && join.body ? (JSON.parse(join.body) as QueueTicket) : undefined;
      if (ticket?.number == null) continue;
      tickets.set(ticket.number, join.index);
      everyoneKnowsAt = Math.max(everyoneKnowsAt, join.doneAt);
    }
    buyer.ticketsKnown();
    const notAdmitted = await unadmittedReserve(api.url, shoppers, sale.id, tickets);
    const outcome = await buyer.soldOut;
    const told = await toldSoldOut();
    const episodeCpuSeconds = api.cpuSeconds() - cpuBefore;
    const problems: string[] = [];
    if (tickets.size !== shoppers.length)
      problems.push(`${tickets.size} tickets with a number of ${shoppers.length} joins`);
    if (outcome.failure) problems.push(outcome.failure);
    if (buyer.sold() !== options.units) problems.push(`${buyer.sold()} sold of ${options.units}`);
    if (notAdmitted !== 409) problems.push(`a reserve without admission answered ${notAdmitted}`);
    if (told.missing > 0) problems.push(`${told.missing} pages never told sold out`);
    const disagreement = await agreement(api, admin, mongo, sale.id, buyer.held());
    if (disagreement) problems.push(disagreement);
    return {
      kind: 'line',
      requests: joins.length,
      ...burstFigures(joins),
      cpuUs,
      episodeCpuSeconds,
      everyoneKnowsMs: tickets.size === shoppers.length ? everyoneKnowsAt - started : Infinity,
      sold: buyer.sold(),
      ...(problems.length > 0 ? { inexact: problems.join('; ') } : {}),
      soldToToldMs:
        outcome.at === undefined || told.missing > 0 || told.times.length === 0
          ? Infinity
          : Math.max(...told.times) - outcome.at,
      streamsOpen: opened['200'] ?? 0,
    };
  } finally {
    await pages.close();
  }
}

/**
 * Plays every admitted page: follows the sale stream and, each time `queue.admittedUpTo` passes tickets,
 * reserves and pays for each. `soldOut` resolves with the time the last payment was sent, or with why the
 * drop stopped short (a purchase that failed after its retries, or DROP_TIMEOUT_MS).
 */
function admittedBuyer(
  api: ApiCluster,
  shoppers: readonly AuthSession[],
  saleId: string,
  tickets: ReadonlyMap<number, number>,
  units: number,
): { soldOut: Promise<SellOut>; sold: () => number; held: () => number; ticketsKnown: () => void } {
  let sold = 0;
  let handledUpTo = 0;
  let admittedUpTo = 0;
  let known = false;
  let lastPaymentSentAt = 0;
  let held = 0;
  let finish: (outcome: SellOut) => void = () => undefined;
  const soldOut = new Promise<SellOut>((resolve) => (finish = resolve));
  const buy = async (index: number): Promise<void> => {
    const shopper = shoppers[index];
    // One Idempotency-Key per page: a reserve retried after a 5xx that had in fact taken the hold gets that
    // hold back (201) instead of LIMIT_REACHED and a unit held by nobody who pays.
    const headers = { ...bearer(shopper), 'idempotency-key': `bench-${saleId}-${index}` };
    const hold = await retry(() =>
      call<Reservation>(
        `${api.url}/api/flash-sales/${saleId}/reservations`,
        'POST',
        { quantity: 1 },
        headers,
      ),
    );
    if (hold.status !== 201) return;
    held++;
    lastPaymentSentAt = Math.max(lastPaymentSentAt, await pay(api.url, shopper, hold.body.id));
    if (++sold === units) finish({ at: lastPaymentSentAt });
  };
  const admit = (): void => {
    if (!known) return;
    for (; handledUpTo < admittedUpTo; handledUpTo++) {
      const index = tickets.get(handledUpTo + 1);
      if (index !== undefined) {
        void buy(index).catch((error: Error) => finish({ failure: `a purchase failed: ${error.message}` }));
      }
    }
  };
  const stream = openSse(
    api.url,
    `/api/flash-sales/${saleId}/events`,
    (event) => {
      admittedUpTo = Math.max(admittedUpTo, event.queue?.admittedUpTo ?? 0);
      admit();
    },
    () => undefined,
  );
  const timer = setTimeout(
    () => finish({ failure: `the line sold ${sold} units in ${DROP_TIMEOUT_MS} ms` }),
    DROP_TIMEOUT_MS,
  );
  void soldOut.then(() => {
    clearTimeout(timer);
    stream.destroy();
  });
  return {
    soldOut,
    sold: () => sold,
    held: () => held,
    ticketsKnown: () => {
      known = true;
      admit();
    },
  };
}

/** The last ticket's shopper reserves without waiting for admission: the contract says 409 NOT_ADMITTED. */
async function unadmittedReserve(
  url: string,
  shoppers: readonly AuthSession[],
  saleId: string,
  tickets: ReadonlyMap<number, number>,
): Promise<number> {
  const last = tickets.get(tickets.size);
  if (last === undefined) return 0;
  const { status, body } = await call<{ error?: { code?: string } }>(
    `${url}/api/flash-sales/${saleId}/reservations`,
    'POST',
    { quantity: 1 },
    bearer(shoppers[last]),
  );
  return status === 409 && body.error?.code === 'NOT_ADMITTED' ? 409 : status;
}

/**
 * Scenario 11, the same crowd scrambling on the same kind of sale without a line (today): pages on the stream,
 * every shopper presses Buy within one second, the winners pay.
 */
export async function scrambleDrop(
  api: ApiCluster,
  shoppers: readonly AuthSession[],
  options: DropOptions,
  mongo: MongoClient,
): Promise<DropResult> {
  const admin = await signInAdmin(api.url);
  const sale = await createOpenSale(api.url, admin, { quantity: options.units });
  const pages = StreamClients.start(options.streamClients);
  try {
    const opened = await pages.open(api.url, `/api/flash-sales/${sale.id}/events`, options.streams);
    const post = pooledPoster(api.url, 512, true);
    const path = `/api/flash-sales/${sale.id}/reservations`;
    const cpuBefore = api.cpuSeconds();
    const started = now();
    const reserves = await withinOneSecond(shoppers, (shopper) =>
      post(path, { quantity: 1 }, shopper.accessToken),
    );
    const cpuUs = ((api.cpuSeconds() - cpuBefore) * 1e6) / reserves.length;
    const won = reserves.filter((r) => r.status === 201);
    // The winners pay as their pages would, a few at a time (stripe-mock is one more process on 2 cores).
    const failedPayments = await mapLimit(won, 16, (r) =>
      pay(api.url, shoppers[r.index], (JSON.parse(r.body ?? '{}') as Reservation).id).then(
        () => undefined,
        (error: Error) => error.message,
      ),
    );
    const episodeCpuSeconds = api.cpuSeconds() - cpuBefore;
    const refused = reserves.filter((r) => r.status === 409).length;
    const problems: string[] = [];
    if (won.length !== options.units || refused !== shoppers.length - options.units) {
      problems.push(burstFigures(reserves).statuses);
    }
    const failures = failedPayments.filter((failure) => failure !== undefined);
    if (failures.length > 0) problems.push(`${failures.length} payments failed (${failures[0]})`);
    const disagreement = await agreement(api, admin, mongo, sale.id, won.length);
    if (disagreement) problems.push(disagreement);
    return {
      kind: 'scramble',
      requests: reserves.length,
      ...burstFigures(reserves),
      cpuUs,
      episodeCpuSeconds,
      everyoneKnowsMs: Math.max(...reserves.map((r) => r.doneAt)) - started,
      sold: won.length - failures.length,
      ...(problems.length > 0 ? { inexact: problems.join('; ') } : {}),
      streamsOpen: opened['200'] ?? 0,
    };
  } finally {
    await pages.close();
  }
}

function skipped(reason: string): DropResult {
  return {
    kind: 'line',
    skipped: reason,
    requests: 0,
    rps: 0,
    p99: 0,
    cpuUs: 0,
    episodeCpuSeconds: 0,
    everyoneKnowsMs: 0,
    sold: 0,
    streamsOpen: 0,
    statuses: '',
  };
}
