/** Health probes: a real request to each service (PING, a MongoDB ping, a Stripe list), never a port check. */
import Redis from 'ioredis';
import { mongo } from 'mongoose';
import { type Health, healthy, unhealthy } from './service';

export async function redisAnswers(url: string): Promise<Health> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported through the rejected promise instead
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? healthy : unhealthy(`PING answered ${reply}`);
  } catch (err) {
    return unhealthy(err);
  } finally {
    client.disconnect();
  }
}

export async function mongoAnswers(url: string): Promise<Health> {
  const client = new mongo.MongoClient(url, {
    serverSelectionTimeoutMS: 1000,
    connectTimeoutMS: 1000,
    directConnection: true,
  });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    return reply['ok'] === 1 ? healthy : unhealthy(`ping answered ${JSON.stringify(reply)}`);
  } catch (err) {
    return unhealthy(err);
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function stripeMockAnswers(baseUrl: string): Promise<Health> {
  try {
    const response = await fetch(new URL('/v1/customers', baseUrl), {
      headers: { Authorization: 'Bearer sk_test_123' },
      signal: AbortSignal.timeout(2000),
    });
    if (response.status !== 200) return unhealthy(`GET /v1/customers answered HTTP ${response.status}`);
    const body: unknown = await response.json();
    const list = typeof body === 'object' && body !== null && 'object' in body && body.object === 'list';
    return list ? healthy : unhealthy('GET /v1/customers did not answer a Stripe list');
  } catch (err) {
    return unhealthy(err);
  }
}
