import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import type { OrderStatus, ReservationKind } from '@flashline/contracts';

export const ORDERS_COLLECTION = 'orders';

/** A line as sold: the product's name and unit price at the time of sale, never looked up again. */
@Schema({ _id: false, versionKey: false })
export class OrderLineRecord {
  @Prop({ type: String, required: true })
  productId!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: Number, required: true })
  quantity!: number;

  @Prop({ type: Number, required: true })
  unitPriceCents!: number;
}

const OrderLineSchema = SchemaFactory.createForClass(OrderLineRecord);

/**
 * An order: the fact that a reservation was paid. Inserting it is the commit point of a purchase, and the
 * unique `reservationId` makes that insert happen once however many times (or processes) finalize the same
 * payment. Never updated in place by the purchase flow.
 */
@Schema({
  collection: ORDERS_COLLECTION,
  timestamps: { createdAt: true, updatedAt: false },
  versionKey: false,
})
export class OrderRecord {
  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: String, required: true })
  reservationId!: string;

  @Prop({ type: String, required: true, enum: ['flash_sale', 'cart'] })
  kind!: ReservationKind;

  /** The flash sale the order bought from (its sold units are its orders). */
  @Prop({ type: String })
  saleId?: string;

  @Prop({ type: [OrderLineSchema], required: true })
  lines!: OrderLineRecord[];

  @Prop({ type: Number, required: true })
  amountCents!: number;

  @Prop({ type: String, required: true })
  currency!: string;

  @Prop({ type: String, required: true, enum: ['paid', 'refunded'] })
  status!: OrderStatus;

  @Prop({ type: String, required: true })
  paymentIntentId!: string;

  createdAt!: Date;
}

export type OrderLean = OrderRecord & { _id: Types.ObjectId };

export const OrderSchema = SchemaFactory.createForClass(OrderRecord);
/** One order per reservation: the guard that makes finalizing a payment idempotent across processes. */
OrderSchema.index({ reservationId: 1 }, { unique: true });
/** A shopper's orders, newest first; everyone's (admin) newest first. */
OrderSchema.index({ userId: 1, createdAt: -1, _id: -1 });
OrderSchema.index({ createdAt: -1, _id: -1 });
/** A sale's sold units (rebuilding its Redis counters, the reconciler's audit). */
OrderSchema.index({ saleId: 1, status: 1 });

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const ORDER_MODEL_DEFINITION: ModelDefinition = { name: OrderRecord.name, schema: OrderSchema };
