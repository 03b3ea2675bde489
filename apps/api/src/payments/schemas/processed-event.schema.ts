import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const PROCESSED_EVENTS_COLLECTION = 'processed_events';

/**
 * A Stripe event whose effects are all durable. Only ever inserted; the unique `eventId` makes a second
 * insert (a redelivery that raced the first) a no-op. See PaymentEventsService for why it is written last.
 */
@Schema({
  collection: PROCESSED_EVENTS_COLLECTION,
  timestamps: { createdAt: true, updatedAt: false },
  versionKey: false,
})
export class ProcessedEventRecord {
  @Prop({ type: String, required: true })
  eventId!: string;

  @Prop({ type: String, required: true })
  type!: string;

  createdAt!: Date;
}

export const ProcessedEventSchema = SchemaFactory.createForClass(ProcessedEventRecord);
ProcessedEventSchema.index({ eventId: 1 }, { unique: true });
/** Pruning old markers (Stripe stops redelivering an event after three days). */
ProcessedEventSchema.index({ createdAt: 1 });

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const PROCESSED_EVENT_MODEL_DEFINITION: ModelDefinition = {
  name: ProcessedEventRecord.name,
  schema: ProcessedEventSchema,
};
