import { Types } from 'mongoose';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * The ObjectId an id string names, or undefined. Stricter than `Types.ObjectId.isValid`, which also
 * accepts any 12-character string.
 */
export function parseObjectId(id: string): Types.ObjectId | undefined {
  return typeof id === 'string' && OBJECT_ID.test(id) ? new Types.ObjectId(id) : undefined;
}
