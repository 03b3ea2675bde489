import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { RegisterRequest, Role, User } from '@flashline/contracts';
import { REVOKED_FOREVER, TokenRevocations } from '@api/common/auth';
import { DomainError, notFound } from '@api/common/errors';
import { PasswordHasher } from './password-hasher.service';
import { normalizeEmail, USER_MODEL, type UserRecord, type UserRecordWithId } from './user.schema';

export type NewUser = RegisterRequest & { role: Role };

/** What {@link UsersService.ensureUser} found or did. */
export type EnsureResult = 'created' | 'exists' | 'exists-with-other-role';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const PUBLIC_FIELDS = { email: 1, name: 1, role: 1 } as const;

/** Users in MongoDB. Password hashes never leave this module: everything returned is a contract `User`. */
@Injectable()
export class UsersService {
  private indexes?: Promise<void>;

  constructor(
    @InjectModel(USER_MODEL) private readonly users: Model<UserRecord>,
    private readonly passwords: PasswordHasher,
    private readonly revocations: TokenRevocations,
  ) {}

  /**
   * Deletes the account and refuses every access token of it, forever, on every API process within 5 s.
   * Revocation first: if MongoDB then fails (503), the account is locked rather than half deleted, and the
   * admin's retry finishes it. Its refresh tokens die with it (a refresh reads the user and finds none).
   */
  async deleteUser(id: string): Promise<void> {
    if (!OBJECT_ID.test(id)) throw notFound('User');
    await this.revocations.revoke(id, REVOKED_FOREVER);
    const { deletedCount } = await this.users.deleteOne({ _id: id }).exec();
    if (deletedCount === 0) throw notFound('User');
  }

  /**
   * Changes the account's role and refuses its access tokens issued until now (they carry the old role) on
   * every API process within 5 s; its next refresh signs the new role. MongoDB first: a refresh that read
   * the old role did so before this write, so its token is dated before the watermark written after it.
   * Revokes even when the role was already this one, so a retry after a failed revocation completes it.
   */
  async changeRole(id: string, role: Role): Promise<User> {
    if (!OBJECT_ID.test(id)) throw notFound('User');
    const { matchedCount } = await this.users.updateOne({ _id: id }, { $set: { role } }).exec();
    if (matchedCount === 0) throw notFound('User');
    await this.revocations.revoke(id, Date.now());
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    return user;
  }

  /** A new shopper; 409 CONFLICT when the email is taken, also when two registrations race. */
  async register(input: RegisterRequest): Promise<User> {
    const user = await this.insert({ ...input, role: 'shopper' });
    if (!user) throw new DomainError('CONFLICT', 'An account with this email already exists.');
    return user;
  }

  /** The user with these credentials. Unknown email and wrong password cost the same bcrypt comparison. */
  async verifyCredentials(email: string, password: string): Promise<User | undefined> {
    const record = await this.users
      .findOne({ emailNormalized: normalizeEmail(email) })
      .lean<UserRecordWithId>()
      .exec();
    if (!record) {
      await this.passwords.verifyAgainstDummy(password);
      return undefined;
    }
    return (await this.passwords.verify(password, record.passwordHash)) ? toUser(record) : undefined;
  }

  async findById(id: string): Promise<User | undefined> {
    if (!OBJECT_ID.test(id)) return undefined;
    const record = await this.users.findById(id, PUBLIC_FIELDS).lean<UserRecordWithId>().exec();
    return record ? toUser(record) : undefined;
  }

  /**
   * Creates the user unless one with this email exists; idempotent and safe when several processes start at
   * once (the unique index lets exactly one insert win). An existing account is never changed: promoting a
   * shopper who registered the admin email first would hand them the admin role.
   */
  async ensureUser(input: NewUser): Promise<EnsureResult> {
    // Not memoized: the index may have been dropped with the database since (tests do that).
    await this.users.createIndexes();
    const existing = await this.roleOf(input.email);
    if (existing) return existing === input.role ? 'exists' : 'exists-with-other-role';
    return (await this.insert(input)) ? 'created' : 'exists';
  }

  private async roleOf(email: string): Promise<Role | undefined> {
    const record = await this.users
      .findOne({ emailNormalized: normalizeEmail(email) }, { role: 1 })
      .lean<UserRecordWithId>()
      .exec();
    return record?.role;
  }

  /** The new user, or `undefined` when the email is taken (duplicate key). */
  private async insert(input: NewUser): Promise<User | undefined> {
    await this.ensureIndexes();
    const passwordHash = await this.passwords.hash(input.password);
    try {
      const created = await this.users.create({
        email: input.email.trim(),
        emailNormalized: normalizeEmail(input.email),
        name: input.name,
        role: input.role,
        passwordHash,
      });
      return toUser(created.toObject<UserRecordWithId>());
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  /**
   * Uniqueness rests on the index, which Mongoose builds in the background at start-up: the first write
   * waits for it, so two registrations racing right after start-up cannot both get in.
   */
  private ensureIndexes(): Promise<void> {
    this.indexes ??= this.users.createIndexes().catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }
}

/** The contract's `User`: the one way a record leaves this module. */
export function toUser(record: Pick<UserRecordWithId, '_id' | 'email' | 'name' | 'role'>): User {
  return { id: record._id.toHexString(), email: record.email, name: record.name, role: record.role };
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
