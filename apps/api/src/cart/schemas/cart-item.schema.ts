import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const CART_ITEMS_COLLECTION = 'cart_items';

/**
 * One line of one user's cart, a document of its own: writing a line touches only that user's line (an
 * idempotent upsert), never a shared cart document that two requests would read-modify-write.
 */
@Schema({ collection: CART_ITEMS_COLLECTION, timestamps: true, versionKey: false })
export class CartItemRecord {
  /** The user's id as the auth module hands it out (`AuthUser.id`). */
  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: Types.ObjectId, required: true })
  productId!: Types.ObjectId;

  @Prop({ type: Number, required: true })
  quantity!: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type CartItemLean = CartItemRecord & { _id: Types.ObjectId };

export const CartItemSchema = SchemaFactory.createForClass(CartItemRecord);
/** One line per (user, product): concurrent first writes of a line cannot create two. Also lists a cart. */
CartItemSchema.index({ userId: 1, productId: 1 }, { unique: true });

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const CART_ITEM_MODEL_DEFINITION: ModelDefinition = {
  name: CartItemRecord.name,
  schema: CartItemSchema,
};
