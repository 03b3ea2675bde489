import { type ModelDefinition, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import type { Role } from '@flashline/contracts';

export const ROLES: readonly Role[] = ['shopper', 'admin'];

/** A stored user. Never leaves the users module: {@link toUser} maps it to the contract's `User`. */
@Schema({ collection: 'users', timestamps: true, versionKey: false })
export class UserRecord {
  /** As the user typed it (trimmed), for display. */
  @Prop({ type: String, required: true })
  email!: string;

  /** Lower-cased: the unique index on it makes emails unique regardless of case, even under races. */
  @Prop({ type: String, required: true })
  emailNormalized!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true, enum: ROLES, default: 'shopper' })
  role!: Role;

  @Prop({ type: String, required: true })
  passwordHash!: string;
}

export type UserRecordWithId = UserRecord & { _id: Types.ObjectId };

export const UserSchema = SchemaFactory.createForClass(UserRecord);
UserSchema.index({ emailNormalized: 1 }, { unique: true, name: 'emailNormalized_unique' });

export const USER_MODEL = 'User';

/** The model as its module registers it (`MongooseModule.forFeature`) and the migration builds it. */
export const USER_MODEL_DEFINITION: ModelDefinition = { name: USER_MODEL, schema: UserSchema };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
