import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection, ConnectionStates } from 'mongoose';

/** The MongoDB connection's state as the driver last saw it (it notices a closed connection at once). */
@Injectable()
export class DatabaseStatus {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /**
   * True once the connection was lost (or the first attempt failed) and until it is back; false while it
   * is up or still being made at start-up. Lets a caller that has a fallback use it at once instead of
   * waiting out MONGO_TIMEOUT_MS for an operation that cannot succeed.
   */
  get down(): boolean {
    return this.connection.readyState === ConnectionStates.disconnected;
  }
}
