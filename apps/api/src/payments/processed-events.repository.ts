import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { IndexesReady, isDuplicateKey } from '@api/database';
import { ProcessedEventRecord } from './schemas/processed-event.schema';

/** Stripe redelivers an event for up to three days; its marker is kept well beyond that. */
export const PROCESSED_EVENT_RETENTION_MS = 30 * 24 * 3600_000;

/** Markers of Stripe events already applied: a redelivered event is answered without touching anything. */
@Injectable()
export class ProcessedEvents {
  private readonly indexes: IndexesReady;

  constructor(@InjectModel(ProcessedEventRecord.name) private readonly events: Model<ProcessedEventRecord>) {
    this.indexes = new IndexesReady(events);
  }

  /** `$eq`: an id is matched as a value, never read as an operator (the webhook's door checked it is a string). */
  async seen(eventId: string): Promise<boolean> {
    return (await this.events.exists({ eventId: { $eq: eventId } })) !== null;
  }

  /** Records the event as applied; recording it again (a concurrent delivery) changes nothing. */
  async mark(eventId: string, type: string): Promise<void> {
    await this.indexes.wait();
    try {
      await this.events.create({ eventId, type });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Forgets markers older than the retention (a blind delete: safe from any number of processes). */
  async prune(now: Date): Promise<number> {
    const result = await this.events.deleteMany({
      createdAt: { $lt: new Date(now.getTime() - PROCESSED_EVENT_RETENTION_MS) },
    });
    return result.deletedCount;
  }
}
