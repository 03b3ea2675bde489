import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { type HydratedDocument, type Types } from 'mongoose';
import { PRODUCT_INDEXES, PRODUCTS_COLLECTION } from '../products.storage';

/** A catalogue entry. Stock is not stored here: it is the sum of the product's inventory movements. */
@Schema({ collection: PRODUCTS_COLLECTION, timestamps: true, versionKey: false })
export class ProductRecord {
  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  nameLower!: string;

  @Prop({ type: String, required: true })
  description!: string;

  @Prop({ type: Number, required: true })
  priceCents!: number;

  @Prop({ type: String, required: true })
  currency!: string;

  @Prop({ type: String })
  imageUrl?: string;

  @Prop({ type: Boolean, required: true, default: false })
  archived!: boolean;

  createdAt!: Date;
  updatedAt!: Date;
}

/** A product as read with `.lean()`. */
export type ProductLean = ProductRecord & { _id: Types.ObjectId };
export type ProductDocument = HydratedDocument<ProductRecord>;

export const ProductSchema = SchemaFactory.createForClass(ProductRecord);
for (const index of PRODUCT_INDEXES) ProductSchema.index(index.key, index.options);

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const PRODUCT_MODEL_DEFINITION: ModelDefinition = { name: ProductRecord.name, schema: ProductSchema };
