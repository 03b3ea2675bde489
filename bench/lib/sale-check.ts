import type { AuthSession, SaleOperations } from '@flashline/contracts';
import { type MongoClient, ObjectId } from 'mongodb';
import { bearer, call, expectOk } from './http';

/**
 * Whether Redis and MongoDB tell the same story about a sale after a crowd: Redis's live counters (the admin
 * operations view: free, held and sold units, holds taken) against MongoDB's facts (the sale's quantity and
 * its paid orders) and against what the crowd was answered (`won` 201s). Undefined when they agree, else what
 * differs.
 */
export async function saleDisagreement(
  url: string,
  admin: AuthSession,
  mongo: MongoClient,
  saleId: string,
  won: number,
): Promise<string | undefined> {
  const ops = await expectOk(
    call<SaleOperations>(
      `${url}/api/admin/flash-sales/${saleId}/operations`,
      'GET',
      undefined,
      bearer(admin),
    ),
    'sale operations',
  );
  const db = mongo.db();
  const sale = await db
    .collection<{ quantity: number }>('flash_sales')
    .findOne({ _id: new ObjectId(saleId) });
  const paidOrders = await db.collection('orders').countDocuments({ saleId, status: 'paid' });
  const problems: string[] = [];
  if (!sale) return 'sale missing in MongoDB';
  if (ops.remaining + ops.heldUnits + ops.soldUnits !== sale.quantity) {
    problems.push(
      `Redis free ${ops.remaining} + held ${ops.heldUnits} + sold ${ops.soldUnits} ≠ MongoDB quantity ${sale.quantity}`,
    );
  }
  if (ops.soldUnits !== paidOrders)
    problems.push(`Redis sold ${ops.soldUnits} ≠ MongoDB paid orders ${paidOrders}`);
  if (ops.heldUnits + ops.soldUnits !== won) {
    problems.push(`Redis held ${ops.heldUnits} + sold ${ops.soldUnits} ≠ ${won} × 201`);
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}
