import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { WaitingRoomRecord, WaitingRoomSchema } from './waiting-room.schema';

export const FLASH_SALES_COLLECTION = 'flash_sales';

/**
 * A flash sale's definition: the fact its live Redis counters are rebuilt from. Written once at creation;
 * the later writes are blind `$set`s, never a read-modify-write: `settledAt` / `returnedUnits`, values every
 * process computes the same way, and `paused`, an admin's pause or resume (mirrored into Redis). Product name, image and price are copied at creation: the sale
 * shows what it was created with even if the product is edited later.
 */
@Schema({ collection: FLASH_SALES_COLLECTION, timestamps: true, versionKey: false })
export class FlashSaleRecord {
  @Prop({ type: String, required: true })
  productId!: string;

  @Prop({ type: String, required: true })
  productName!: string;

  @Prop({ type: String })
  productImageUrl?: string;

  @Prop({ type: Number, required: true })
  salePriceCents!: number;

  @Prop({ type: Number, required: true })
  originalPriceCents!: number;

  @Prop({ type: String, required: true })
  currency!: string;

  @Prop({ type: Number, required: true })
  quantity!: number;

  @Prop({ type: Date, required: true })
  startsAt!: Date;

  @Prop({ type: Date, required: true })
  endsAt!: Date;

  @Prop({ type: Number, required: true })
  perUserLimit!: number;

  @Prop({ type: Number, required: true })
  reservationTtlSeconds!: number;

  /** An admin paused it: reserves are refused until resumed. Absent on older sales (read as false). */
  @Prop({ type: Boolean, default: false })
  paused?: boolean;

  /** The sale's waiting room (see docs/waiting-room.md); absent for a sale bought as a scramble. */
  @Prop({ type: WaitingRoomSchema, default: undefined })
  waitingRoom?: WaitingRoomRecord;

  /** When the unsold units went back to the product (the sale is then no longer live anywhere). */
  @Prop({ type: Date })
  settledAt?: Date;

  @Prop({ type: Number })
  returnedUnits?: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type FlashSaleLean = FlashSaleRecord & { _id: Types.ObjectId };

export const FlashSaleSchema = SchemaFactory.createForClass(FlashSaleRecord);
// Lists by window (upcoming / active / ended); the reaper asks for the sales not settled yet.
FlashSaleSchema.index({ startsAt: 1 });
FlashSaleSchema.index({ endsAt: 1 });
FlashSaleSchema.index({ settledAt: 1, endsAt: 1 });

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const FLASH_SALE_MODEL_DEFINITION: ModelDefinition = {
  name: FlashSaleRecord.name,
  schema: FlashSaleSchema,
};
