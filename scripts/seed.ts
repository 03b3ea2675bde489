/**
 * Seeds the catalogue with a dozen products and their `initial` stock movements.
 *
 *   npm run seed                        MONGO_URL (default mongodb://127.0.0.1:27017/flashline)
 *
 * Talks to MongoDB directly (tsx emits no decorator metadata, so Nest cannot run here) and writes exactly
 * the documents the API writes: collection names, index specs and derived fields come from the API's
 * products.storage.ts. Idempotent per product, also when two runs race: a product's _id is derived from
 * its slug (a second insert is a duplicate key) and its stock movement has the operationId `seed:<slug>`
 * (unique in the ledger). Products an admin archived or edited since are left as they are.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import {
  INVENTORY_MOVEMENTS_COLLECTION,
  MOVEMENT_INDEXES,
  PRODUCT_INDEXES,
  PRODUCTS_COLLECTION,
  type IndexSpec,
  type MovementReason,
  searchableName,
} from '../apps/api/src/products/products.storage';

interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  imageUrl?: string;
}

const CURRENCY = 'usd';
/**
 * Illustrations shipped with the storefront (apps/storefront/public/images/products/<slug>.svg), served by
 * whatever serves the storefront: the shop looks complete offline. A root-relative URL, so the same
 * catalogue works on any storefront host.
 */
const image = (slug: string): string => `/images/products/${slug}.svg`;
/** What earlier seeds wrote: an external placeholder host, unreachable offline. */
const legacyImage = (slug: string): string => `https://picsum.photos/seed/flashline-${slug}/600/600`;

const PRODUCTS: readonly SeedProduct[] = [
  {
    slug: 'aurora-headphones',
    name: 'Aurora Noise-Cancelling Headphones',
    description:
      'Over-ear wireless headphones with adaptive noise cancelling, 40-hour battery and USB-C fast charging.',
    priceCents: 19900,
    stock: 120,
    imageUrl: image('aurora-headphones'),
  },
  {
    slug: 'pulse-smartwatch',
    name: 'Pulse Smartwatch S2',
    description:
      'AMOLED always-on display, heart-rate and SpO2 sensors, GPS, 7-day battery, water resistant to 50 m.',
    priceCents: 24900,
    stock: 80,
    imageUrl: image('pulse-smartwatch'),
  },
  {
    slug: 'nimbus-running-shoes',
    name: 'Nimbus Running Shoes',
    description:
      'Lightweight daily trainers with a responsive foam midsole and a breathable engineered mesh upper.',
    priceCents: 12900,
    stock: 200,
    imageUrl: image('nimbus-running-shoes'),
  },
  {
    slug: 'brew-master-espresso',
    name: 'BrewMaster Espresso Machine',
    description:
      '15-bar pump espresso machine with a steam wand, 1.8 L water tank and a stainless-steel body.',
    priceCents: 34900,
    stock: 35,
    imageUrl: image('brew-master-espresso'),
  },
  {
    slug: 'trailpack-backpack',
    name: 'TrailPack 30 L Backpack',
    description: 'Water-resistant hiking backpack with a padded laptop sleeve, hip belt and rain cover.',
    priceCents: 8900,
    stock: 150,
    imageUrl: image('trailpack-backpack'),
  },
  {
    slug: 'lumen-desk-lamp',
    name: 'Lumen LED Desk Lamp',
    description: 'Dimmable desk lamp with five colour temperatures, a USB charging port and a touch control.',
    priceCents: 4900,
    stock: 300,
    imageUrl: image('lumen-desk-lamp'),
  },
  {
    slug: 'keystroke-mechanical-keyboard',
    name: 'Keystroke Mechanical Keyboard',
    description: 'Hot-swappable 75% mechanical keyboard with tactile switches, PBT keycaps and per-key RGB.',
    priceCents: 13900,
    stock: 90,
    imageUrl: image('keystroke-mechanical-keyboard'),
  },
  {
    slug: 'glide-wireless-mouse',
    name: 'Glide Wireless Mouse',
    description: 'Ergonomic wireless mouse, 4000 DPI sensor, silent clicks and 70 days on one charge.',
    priceCents: 3900,
    stock: 500,
    imageUrl: image('glide-wireless-mouse'),
  },
  {
    slug: 'sonic-bluetooth-speaker',
    name: 'Sonic Portable Bluetooth Speaker',
    description: '360-degree sound, IP67 dust- and waterproof, 20-hour battery and a built-in microphone.',
    priceCents: 7900,
    stock: 160,
    imageUrl: image('sonic-bluetooth-speaker'),
  },
  {
    slug: 'cast-iron-skillet',
    name: 'Heritage Cast-Iron Skillet 12"',
    description:
      'Pre-seasoned cast-iron skillet for stove, oven and campfire; a pan for the next fifty years.',
    priceCents: 5900,
    stock: 60,
    imageUrl: image('cast-iron-skillet'),
  },
  {
    slug: 'zen-yoga-mat',
    name: 'Zen Non-Slip Yoga Mat',
    description: '6 mm cushioned yoga mat with a non-slip texture on both sides and a carrying strap.',
    priceCents: 3400,
    stock: 250,
    imageUrl: image('zen-yoga-mat'),
  },
  {
    slug: 'vista-4k-monitor',
    name: 'Vista 27" 4K Monitor',
    description:
      '27-inch IPS 4K monitor with HDR400, USB-C 90 W power delivery and a height-adjustable stand.',
    priceCents: 42900,
    stock: 20,
    imageUrl: image('vista-4k-monitor'),
  },
];

type Outcome = 'created' | 'present';

/** The same slug always gives the same ObjectId, which makes a second insert a duplicate. */
function seedObjectId(slug: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(
    createHash('sha256').update(`flashline-seed:${slug}`).digest('hex').slice(0, 24),
  );
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Inserts one document; a duplicate key means an earlier run (or a racing one) already did. */
async function insertOnce(
  collection: mongoose.mongo.Collection,
  document: mongoose.mongo.Document,
): Promise<Outcome> {
  try {
    await collection.insertOne(document);
    return 'created';
  } catch (error) {
    if (isDuplicateKey(error)) return 'present';
    throw error;
  }
}

async function ensureIndexes(
  collection: mongoose.mongo.Collection,
  indexes: readonly IndexSpec[],
): Promise<void> {
  for (const index of indexes) await collection.createIndex(index.key, index.options ?? {});
}

async function seedProduct(db: mongoose.mongo.Db, product: SeedProduct): Promise<[Outcome, Outcome]> {
  const now = new Date();
  const _id = seedObjectId(product.slug);
  const productOutcome = await insertOnce(db.collection(PRODUCTS_COLLECTION), {
    _id,
    name: product.name,
    nameLower: searchableName(product.name),
    description: product.description,
    priceCents: product.priceCents,
    currency: CURRENCY,
    ...(product.imageUrl ? { imageUrl: product.imageUrl } : {}),
    archived: false,
    createdAt: now,
    updatedAt: now,
  });
  // Also when the product was already there: a run that stopped between the two inserts is completed.
  const reason: MovementReason = 'initial';
  const movementOutcome = await insertOnce(db.collection(INVENTORY_MOVEMENTS_COLLECTION), {
    productId: _id,
    delta: product.stock,
    reason,
    operationId: `seed:${product.slug}`,
    createdAt: now,
  });
  if (productOutcome === 'present') await replaceLegacyImage(db, _id, product);
  return [productOutcome, movementOutcome];
}

/**
 * A product an earlier seed wrote still points at the external placeholder host: point it at the shipped
 * illustration. Only that exact value is replaced (one conditional update), so an admin's own image stays.
 */
async function replaceLegacyImage(
  db: mongoose.mongo.Db,
  _id: mongoose.Types.ObjectId,
  product: SeedProduct,
): Promise<void> {
  if (!product.imageUrl) return;
  await db
    .collection(PRODUCTS_COLLECTION)
    .updateOne(
      { _id, imageUrl: legacyImage(product.slug) },
      { $set: { imageUrl: product.imageUrl, updatedAt: new Date() } },
    );
}

async function main(): Promise<void> {
  const url = process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017/flashline';
  const connection = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const db = connection.getClient().db(connection.name);
    await ensureIndexes(db.collection(PRODUCTS_COLLECTION), PRODUCT_INDEXES);
    await ensureIndexes(db.collection(INVENTORY_MOVEMENTS_COLLECTION), MOVEMENT_INDEXES);
    let created = 0;
    for (const product of PRODUCTS) {
      const [productOutcome, movementOutcome] = await seedProduct(db, product);
      if (productOutcome === 'created') created++;
      const stockNote = movementOutcome === 'created' ? `, stock ${product.stock} recorded` : '';
      console.log(`  ${productOutcome === 'created' ? 'created' : 'present'}  ${product.name}${stockNote}`);
    }
    console.log(
      `Seeded ${connection.name}: ${created} created, ${PRODUCTS.length - created} already present.`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
