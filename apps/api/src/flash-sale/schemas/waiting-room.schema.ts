import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A sale's waiting-room settings as the sale document stores them (fixed at creation). */
@Schema({ _id: false, versionKey: false })
export class WaitingRoomRecord {
  @Prop({ type: Number, required: true })
  admitPerSecond!: number;

  @Prop({ type: Number, required: true })
  admissionSeconds!: number;
}

export const WaitingRoomSchema = SchemaFactory.createForClass(WaitingRoomRecord);
