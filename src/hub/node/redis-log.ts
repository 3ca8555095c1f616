/**
 * The hub's log lines about its Redis connection.
 */
import type { RedisStoreOptions } from '../store/redis/redis-store.js';
import type { Logger } from './logger.js';

/**
 * What the operator reads of Redis's health: one line when it goes away, one when it is
 * back, and each different error once (the client retries twice a second: the same
 * "connect ECONNREFUSED" would fill the log).
 */
export function redisLog(logger: Logger | undefined): Required<Pick<RedisStoreOptions, 'onError' | 'onAvailability'>> {
  let lastError = '';
  return {
    onError(error: Error) {
      if (error.message === lastError) return;
      lastError = error.message;
      logger?.warn(`redis: ${error.message}`);
    },
    onAvailability(change) {
      if (!change.available) return logger?.warn('redis: unreachable: /health answers 503 and publishes get 503 until it is back; displays keep their last state');
      lastError = '';
      logger?.info(`redis: back after ${(change.downForMs / 1000).toFixed(1)} s: /health 200, publishing again`);
    },
  };
}
