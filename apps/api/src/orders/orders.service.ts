import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type FilterQuery, Model } from 'mongoose';
import {
  DEFAULT_PAGE_LIMIT,
  type Order,
  type OrderLine,
  type Page,
  type PageQuery,
  type ReservationKind,
} from '@flashline/contracts';
import type { AuthUser } from '@api/common/auth';
import { notFound } from '@api/common/errors';
import { IndexesReady, isDuplicateKey, parseObjectId } from '@api/database';
import { type OrderLean, OrderRecord } from './schemas/order.schema';

/** What the purchase flow knows when it writes an order. */
export interface NewOrder {
  userId: string;
  reservationId: string;
  kind: ReservationKind;
  saleId?: string;
  lines: OrderLine[];
  amountCents: number;
  currency: string;
  paymentIntentId: string;
}

export interface PlacedOrder {
  order: Order;
  /** False when an order for the reservation already existed (a retry, a duplicate event, a race). */
  created: boolean;
}

/** Units a sale's paid orders hold, in total and per buyer. */
export interface SaleOrderUnits {
  total: number;
  byUser: Map<string, number>;
}

/**
 * Orders: written once per reservation by the purchase flow, read by their owner and by admins. Placing an
 * order is an insert guarded by the unique `reservationId` index, so any number of processes finalizing the
 * same payment end with exactly one order, and each learns which one.
 */
@Injectable()
export class OrdersService {
  private readonly indexes: IndexesReady;

  constructor(@InjectModel(OrderRecord.name) private readonly orders: Model<OrderRecord>) {
    this.indexes = new IndexesReady(orders);
  }

  /** Inserts the order, or returns the one already placed for the reservation. */
  async place(order: NewOrder): Promise<PlacedOrder> {
    // Without the unique index a racing duplicate would be stored twice.
    await this.indexes.wait();
    try {
      const created = await this.orders.create({ ...order, status: 'paid' });
      return { order: toOrder(created.toObject<OrderLean>()), created: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await this.findByReservation(order.reservationId);
    if (!existing) throw new Error(`Order for ${order.reservationId} refused as a duplicate but not found`);
    return { order: existing, created: false };
  }

  async findByReservation(reservationId: string): Promise<Order | undefined> {
    const record = await this.orders.findOne({ reservationId }).lean<OrderLean>();
    return record ? toOrder(record) : undefined;
  }

  /** The order for its owner or an admin; anyone else (or a malformed id) gets NOT_FOUND. */
  async findVisible(id: string, caller: AuthUser): Promise<Order> {
    const objectId = parseObjectId(id);
    const record = objectId ? await this.orders.findById(objectId).lean<OrderLean>() : null;
    if (!record || (caller.role !== 'admin' && record.userId !== caller.id)) throw notFound('Order');
    return toOrder(record);
  }

  /** The caller's own orders, newest first. */
  listOwn(userId: string, query: PageQuery): Promise<Page<Order>> {
    return this.list({ userId }, query);
  }

  /** Everyone's orders, newest first (admin). */
  listAll(query: PageQuery): Promise<Page<Order>> {
    return this.list({}, query);
  }

  /**
   * Units sold by a sale's paid orders, in total and per buyer: what its Redis counters are rebuilt from.
   * `excluding` leaves out some reservations (the audit excludes those still being finalized).
   */
  async saleUnits(saleId: string, excluding: readonly string[] = []): Promise<SaleOrderUnits> {
    const match: FilterQuery<OrderRecord> = { saleId, status: 'paid' };
    if (excluding.length > 0) match.reservationId = { $nin: [...excluding] };
    // Each order's units are the sum of its lines' quantities (no $unwind: FerretDB 1.x drops the other
    // fields of an unwound document, and this is one pass anyway).
    const rows = await this.orders.aggregate<{ _id: string; units: number }>([
      { $match: match },
      { $group: { _id: '$userId', units: { $sum: { $sum: '$lines.quantity' } } } },
    ]);
    const byUser = new Map(rows.map((row) => [row._id, row.units]));
    return { total: rows.reduce((sum, row) => sum + row.units, 0), byUser };
  }

  /** The reservations among `ids` that have an order. */
  async reservationsWithOrders(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.orders
      .find({ reservationId: { $in: [...ids] } }, { reservationId: 1 })
      .lean<Array<{ reservationId: string }>>();
    return new Set(rows.map((row) => row.reservationId));
  }

  private async list(filter: FilterQuery<OrderRecord>, query: PageQuery): Promise<Page<Order>> {
    const page = query.page ?? 1;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const [records, total] = await Promise.all([
      this.orders
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean<OrderLean[]>(),
      this.orders.countDocuments(filter),
    ]);
    return { items: records.map(toOrder), total, page, limit };
  }
}

export function toOrder(record: OrderLean): Order {
  return {
    id: record._id.toHexString(),
    userId: record.userId,
    reservationId: record.reservationId,
    lines: record.lines.map((line) => ({
      productId: line.productId,
      name: line.name,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
    })),
    amountCents: record.amountCents,
    currency: record.currency,
    status: record.status,
    paymentIntentId: record.paymentIntentId,
    createdAt: record.createdAt.toISOString(),
  };
}
