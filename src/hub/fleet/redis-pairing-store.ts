/**
 * Pairings in Redis, shared by every hub instance of a chain: pairings, pending codes and
 * presence are hashes; a change or an admin command is PUBLISHed on one channel, which every
 * instance SUBSCRIBEs to (a connection of its own: a subscribed connection does nothing else).
 * A code is taken with one MULTI (HGET + HDEL), so two admins cannot both assign it.
 */
import type { Redis } from 'ioredis';
import type { Pairing, PairingStore, Pending, Presence, RegistryMessage } from './pairing-store.js';

export class RedisPairingStore implements PairingStore {
  private readonly subscriber: Redis;
  private readonly keys: { paired: string; pending: string; presence: string; channel: string };
  private listener: (message: RegistryMessage) => void = () => {};

  constructor(
    private readonly redis: Redis,
    prefix = 'pcd',
  ) {
    this.keys = { paired: `${prefix}:displays:paired`, pending: `${prefix}:displays:pending`, presence: `${prefix}:displays:presence`, channel: `${prefix}:displays:events` };
    this.subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', () => {}); // the main connection reports trouble
    this.subscriber.on('message', (_channel: string, text: string) => this.listener(JSON.parse(text) as RegistryMessage));
  }

  /** Resolves once subscribed: from then on, no change made anywhere is missed. */
  async ready(): Promise<void> {
    await this.subscriber.subscribe(this.keys.channel);
  }

  async pairings() {
    return Object.values(await this.redis.hgetall(this.keys.paired)).map((text) => JSON.parse(text) as Pairing);
  }
  async pairing(id: string) {
    const text = await this.redis.hget(this.keys.paired, id);
    return text ? (JSON.parse(text) as Pairing) : undefined;
  }
  async putPairing(pairing: Pairing) {
    await this.redis.hset(this.keys.paired, pairing.id, JSON.stringify(pairing));
  }
  async removePairing(id: string) {
    return (await this.redis.hdel(this.keys.paired, id)) > 0;
  }
  async addPending(pending: Pending) {
    return (await this.redis.hsetnx(this.keys.pending, pending.code, JSON.stringify(pending))) === 1;
  }
  async takePending(code: string) {
    const replies = await this.redis.multi().hget(this.keys.pending, code).hdel(this.keys.pending, code).exec();
    const text = replies?.[0]?.[1] as string | null | undefined;
    return text ? (JSON.parse(text) as Pending) : undefined;
  }
  async removePending(code: string) {
    await this.redis.hdel(this.keys.pending, code);
  }
  async touchPending(pending: Pending) {
    await this.redis.hset(this.keys.pending, pending.code, JSON.stringify(pending));
  }
  async pendings() {
    return Object.values(await this.redis.hgetall(this.keys.pending)).map((text) => JSON.parse(text) as Pending);
  }
  async setPresence(entries: ReadonlyMap<string, Presence>) {
    if (entries.size === 0) return;
    await this.redis.hset(this.keys.presence, Object.fromEntries([...entries].map(([id, presence]) => [id, JSON.stringify(presence)])));
  }
  async presences() {
    const all = await this.redis.hgetall(this.keys.presence);
    return Object.fromEntries(Object.entries(all).map(([id, text]) => [id, JSON.parse(text) as Presence]));
  }
  async removePresence(id: string) {
    await this.redis.hdel(this.keys.presence, id);
  }
  async broadcast(message: RegistryMessage) {
    await this.redis.publish(this.keys.channel, JSON.stringify(message));
  }
  onMessage(listener: (message: RegistryMessage) => void) {
    this.listener = listener;
  }
  async close() {
    this.subscriber.disconnect();
  }
}
