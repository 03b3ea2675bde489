import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { type HydratedDocument, Types } from 'mongoose';
import {
  INVENTORY_MOVEMENTS_COLLECTION,
  MOVEMENT_INDEXES,
  MOVEMENT_REASONS,
  type MovementReason,
} from '../products.storage';

/**
 * One entry of the inventory ledger. Entries are only ever inserted, never updated: a product's on-hand
 * stock is the sum of its entries' `delta`.
 */
@Schema({
  collection: INVENTORY_MOVEMENTS_COLLECTION,
  timestamps: { createdAt: true, updatedAt: false },
  versionKey: false,
})
export class InventoryMovementRecord {
  @Prop({ type: Types.ObjectId, required: true })
  productId!: Types.ObjectId;

  @Prop({ type: Number, required: true })
  delta!: number;

  @Prop({ type: String, required: true, enum: MOVEMENT_REASONS })
  reason!: MovementReason;

  /** Unique: the same operation recorded twice (a retry, a race) is stored once. */
  @Prop({ type: String, required: true })
  operationId!: string;

  createdAt!: Date;
}

export type InventoryMovementDocument = HydratedDocument<InventoryMovementRecord>;

export const InventoryMovementSchema = SchemaFactory.createForClass(InventoryMovementRecord);
for (const index of MOVEMENT_INDEXES) InventoryMovementSchema.index(index.key, index.options);

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const INVENTORY_MOVEMENT_MODEL_DEFINITION: ModelDefinition = {
  name: InventoryMovementRecord.name,
  schema: InventoryMovementSchema,
};
