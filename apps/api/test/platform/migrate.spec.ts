import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mongo } from 'mongoose';
import { MODEL_DEFINITIONS } from '@api/migrations/model-definitions';
import { createTestApp, type TestApp } from '../support/http/test-app';

const MIGRATE_ENTRY = join(__dirname, '../../../../dist/apps/api/apps/api/src/migrate.js');
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
const mongoBase = process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const prefix = process.env.TEST_DB_PREFIX ?? 'flashline_test';

interface Run {
  code: number;
  output: string;
}

/** Runs the built migration (`npx nest build api` first) as the deploy step does: its own process. */
function migrate(env: Record<string, string>): Promise<Run> {
  if (!existsSync(MIGRATE_ENTRY))
    throw new Error(`${MIGRATE_ENTRY} is missing: run "npx nest build api" first`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MIGRATE_ENTRY],
      { env: { ...process.env, LOG_LEVEL: 'info', MONGO_AUTO_INDEX: 'false', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

interface IndexSummary {
  name: string;
  key: Record<string, unknown>;
  unique: boolean;
}

async function indexesOf(db: mongo.Db): Promise<Record<string, IndexSummary[]>> {
  const collections = (await db.listCollections().toArray()).map((collection) => collection.name).sort();
  const all: Record<string, IndexSummary[]> = {};
  for (const collection of collections) {
    const indexes = await db.collection(collection).indexes();
    all[collection] = indexes
      .map((index) => ({ name: String(index.name), key: index.key, unique: index.unique === true }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  return all;
}

describe('the index migration (npm run migrate)', () => {
  const database = `${prefix}_migrate_${worker}`;
  let client: mongo.MongoClient;
  let db: mongo.Db;

  beforeAll(async () => {
    client = await mongo.MongoClient.connect(mongoBase);
    db = client.db(database);
    await db.dropDatabase();
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('creates every collection and the unique indexes the design rests on; a second run changes nothing', async () => {
    const first = await migrate({ MONGO_URL: `${mongoBase}/${database}` });
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toMatch(/Migration done: 7 collections/);

    const indexes = await indexesOf(db);
    const unique = (collection: string): Array<Record<string, unknown>> =>
      (indexes[collection] ?? []).filter((index) => index.unique).map((index) => index.key);
    // One order per reservation, one ledger entry per operation, one marker per Stripe event, one user per
    // email, one cart line per product: the inserts that races rely on.
    expect(unique('orders')).toEqual([{ reservationId: 1 }]);
    expect(unique('inventory_movements')).toEqual([{ operationId: 1 }]);
    expect(unique('processed_events')).toEqual([{ eventId: 1 }]);
    expect(unique('users')).toEqual([{ emailNormalized: 1 }]);
    expect(unique('cart_items')).toEqual([{ userId: 1, productId: 1 }]);
    expect(Object.keys(indexes)).toEqual(
      [
        'cart_items',
        'flash_sales',
        'inventory_movements',
        'orders',
        'processed_events',
        'products',
        'users',
      ].sort(),
    );

    const second = await migrate({ MONGO_URL: `${mongoBase}/${database}` });
    expect(second).toMatchObject({ code: 0 });
    expect(await indexesOf(db)).toEqual(indexes);
  }, 120_000);

  it('exits 1 with one line saying why when MongoDB cannot be reached', async () => {
    // Nothing listens on 5499 (this helper's range); the connection is refused at once.
    const run = await migrate({ MONGO_URL: 'mongodb://127.0.0.1:5499/nowhere', MONGO_TIMEOUT_MS: '300' });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/^Migration failed: .+$/m);
  }, 60_000);

  it('exits 1 on an invalid configuration, naming the variable', async () => {
    const run = await migrate({ MONGO_URL: 'http://example.com' });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Invalid configuration: MONGO_URL must use mongodb: or mongodb\+srv:/);
  });
});

describe('models and start-up indexes', () => {
  let app: TestApp;
  const database = `${prefix}_noindex_${worker}`;

  beforeAll(async () => {
    app = await createTestApp({ MONGO_URL: `${mongoBase}/${database}`, MONGO_AUTO_INDEX: 'false' });
    await app.mongo.asPromise();
  });

  afterAll(async () => {
    await app.mongo.dropDatabase();
    await app.close();
  });

  it('the migration covers every model the application registers', () => {
    expect(MODEL_DEFINITIONS.map((model) => model.name).sort()).toEqual([...app.mongo.modelNames()].sort());
  });

  it('with MONGO_AUTO_INDEX=false a starting process creates no collection and builds no index', async () => {
    // Model.init() settles once Mongoose's own start-up step (autoCreate, autoIndex) is over.
    await Promise.all(app.mongo.modelNames().map((name) => app.mongo.model(name).init()));
    const collections = (await app.mongo.db!.listCollections().toArray()).map(
      (collection) => collection.name,
    );
    for (const untouched of ['orders', 'processed_events', 'flash_sales', 'inventory_movements']) {
      expect(collections).not.toContain(untouched);
    }
  });
});
