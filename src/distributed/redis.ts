/**
 * Connections to the Redis server behind the queue. Only loaded with `--redis` (dynamic import),
 * so local runs need neither ioredis nor a server.
 */
import { Redis } from 'ioredis';
import { redactUrlArgument } from '../credentials.js';
import { DistributedError } from './errors.js';

/**
 * A Redis URL as it may be printed: its user information (user and password) replaced by `***`.
 *
 * @example
 * redactRedisUrl('redis://:secret@db:6379/0'); // 'redis://***@db:6379/0'
 */
export function redactRedisUrl(url: string): string {
  return redactUrlArgument(url);
}

/**
 * Checks that `url` is a `redis://` or `rediss://` URL, or throws a DistributedError ('bad-redis-url').
 *
 * @example
 * checkRedisUrl('redis://127.0.0.1:6379'); // returns the URL
 */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DistributedError('bad-redis-url', `--redis must be a URL such as redis://host:6379 (or rediss:// for TLS), got '${redactRedisUrl(url)}'.`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new DistributedError('bad-redis-url', `--redis must start with redis:// or rediss://, got '${redactRedisUrl(url)}'.`);
  }
  return url;
}

/** What {@link probeRedis} found. */
export interface RedisProbe {
  version: string;
  /** `maxmemory-policy`, or null when the server does not let clients read its configuration. */
  maxmemoryPolicy: string | null;
  /** Lines to show the user (a policy that may evict queued runs). */
  warnings: string[];
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Connects once, without retrying, and reads the server's version and eviction policy: a clear
 * DistributedError ('redis-unreachable') instead of a client that retries forever when Redis is down.
 *
 * @example
 * const { warnings } = await probeRedis('redis://127.0.0.1:6379');
 */
export async function probeRedis(url: string, timeoutMs = 5000): Promise<RedisProbe> {
  checkRedisUrl(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // Connection errors are reported through connect()'s rejection; this keeps them off 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
    let maxmemoryPolicy: string | null = null;
    try {
      const reply: unknown = await client.config('GET', 'maxmemory-policy');
      if (Array.isArray(reply) && typeof reply[1] === 'string') maxmemoryPolicy = reply[1];
    } catch {
      // Managed servers often disable CONFIG; the policy is then the operator's to check.
    }
    const warnings =
      maxmemoryPolicy !== null && maxmemoryPolicy !== 'noeviction'
        ? [
            `warning: Redis at ${redactRedisUrl(url)} has maxmemory-policy ${maxmemoryPolicy}; BullMQ needs noeviction, or queued runs, results and checkpoints may be evicted ` +
              `(redis-cli -u <url> config set maxmemory-policy noeviction; see docs/distributed.md).`,
          ]
        : [];
    return { version, maxmemoryPolicy, warnings };
  } catch (error) {
    throw new DistributedError(
      'redis-unreachable',
      `cannot reach Redis at ${redactRedisUrl(url)}: ${describe(error)}. Start it (redis-server --maxmemory-policy noeviction) or fix --redis.`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/**
 * A client for BullMQ and the checkpoint store: reconnects after a dropped connection (every
 * command waits, `maxRetriesPerRequest: null`, as BullMQ's workers require).
 *
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379');
 */
export function connectRedis(url: string): Redis {
  return new Redis(checkRedisUrl(url), { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 500, 5000) });
}
