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
  redisDatabase(url);
  return url;
}

/**
 * The database index of a Redis URL (`redis://host:6379/2` → 2; none → 0), or a DistributedError
 * ('bad-redis-url') when the path is not a non-negative integer.
 *
 * @example
 * redisDatabase('redis://db:6379/3'); // 3
 */
export function redisDatabase(url: string): number {
  const path = new URL(url).pathname;
  if (path === '' || path === '/') return 0;
  const match = /^\/(\d{1,9})$/.exec(path);
  if (match === null) {
    throw new DistributedError('bad-redis-url', `--redis ${redactRedisUrl(url)}: the database index after the port must be a number such as /0, got '${path.slice(1)}'.`);
  }
  return Number(match[1]);
}

/** Whether a Redis reply error is about authentication (a wrong or missing password). */
const isAuthError = (message: string): boolean => /WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message);

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
  const db = redisDatabase(url);
  // db 0 at connect, then SELECT below: a database index out of range is then an error of its own.
  const client = new Redis(url, { db: 0, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The reason a connection closes (WRONGPASS, ECONNREFUSED) arrives as an 'error' event; connect() then only says "Connection is closed".
  let reason: unknown = null;
  client.on('error', (error: unknown) => {
    reason ??= error;
  });
  try {
    await client.connect();
    if (db !== 0) {
      try {
        await client.select(db);
      } catch (error) {
        const databases: unknown = await client.config('GET', 'databases').catch(() => null);
        const count = Array.isArray(databases) && typeof databases[1] === 'string' ? ` (this server has ${databases[1]}: 0 to ${Number(databases[1]) - 1})` : '';
        throw new DistributedError('bad-redis-db', `--redis ${redactRedisUrl(url)}: Redis has no database ${db}${count}: ${describe(error)}; fix the index after the port.`, { cause: error });
      }
    }
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
    if (error instanceof DistributedError) throw error;
    const why = describe(reason ?? error);
    if (isAuthError(why) || isAuthError(describe(error))) {
      throw new DistributedError('redis-auth', `Redis at ${redactRedisUrl(url)} refused the connection's credentials (${why}); check the password in the --redis URL.`, { cause: error });
    }
    throw new DistributedError(
      'redis-unreachable',
      `cannot reach Redis at ${redactRedisUrl(url)}: ${why}. Start it (redis-server --maxmemory-policy noeviction) or fix --redis.`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/**
 * A client for BullMQ and the checkpoint store: reconnects after a dropped connection (every
 * command waits, `maxRetriesPerRequest: null`, as BullMQ's workers require). Its 'error' events
 * (one per failed reconnect during an outage) are handled: without `onOutage` they are dropped
 * (the command's own messages say what waits), with it the first error of an outage and the
 * reconnection are reported once each, never ioredis's "Unhandled error event" stack traces.
 *
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379', (line) => console.error(line));
 */
export function connectRedis(url: string, onOutage?: (line: string) => void): Redis {
  const client = new Redis(checkRedisUrl(url), { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 500, 5000) });
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    onOutage?.(`Redis at ${redactRedisUrl(url)}: ${describe(error)}; reconnecting every few seconds (work that needs Redis waits).`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    onOutage?.(`Redis at ${redactRedisUrl(url)}: connected again.`);
  });
  return client;
}
