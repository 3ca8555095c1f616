/**
 * The hub's secrets and what each one may do. Every secret is kept as its SHA-256 digest
 * and a presented one is compared with `timingSafeEqual` against every known digest (all
 * of equal length), so neither a secret nor its length leaks by timing, and none is kept in
 * clear after start. A presented secret that matches none is `unknown` (401); one that
 * matches a secret not valid for this lane or endpoint is `forbidden` (403).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isValidLaneId } from '../../protocol/index.js';
import type { Access, CredentialChecker, Verdict } from '../api/access.js';
import { invalidJsonMessage } from '../node/json-error.js';
import { readTextFile } from '../node/read-text-file.js';

export type { Access, Verdict } from '../api/access.js';

/**
 * The shortest token the CLI accepts: 16 random characters are out of reach of guessing
 * (even without the brake), 8 are not. `openssl rand -hex 16` makes a good one.
 */
export const MIN_TOKEN_LENGTH = 16;

/** A lane's own tokens: a string is both; an object separates the till's from a reader's. */
export type LaneTokens = Record<string, string | { publish?: string; read?: string }>;

export interface CredentialOptions {
  /** The global publish token (`--token`): every lane. */
  token?: string;
  /** The admin API, page and metrics (`--admin-token`); may also publish and read any lane. */
  adminToken?: string;
  /** Only `/metrics` (`--metrics-token`). */
  metricsToken?: string;
  /** Per-lane tokens (`--lane-tokens FILE`). */
  laneTokens?: LaneTokens;
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of two digests. */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

interface Grant {
  digest: Buffer;
  allows(access: Access): boolean;
}

const forLane = (kinds: Array<'publish' | 'read'>, lane: string) => (access: Access) =>
  (access.kind === 'publish' || access.kind === 'read') && kinds.includes(access.kind) && access.lane === lane;

export class Credentials implements CredentialChecker {
  private readonly grants: Grant[] = [];
  /** Publishing needs a credential (a global or any lane token was given). */
  readonly publishLocked: boolean;
  readonly hasAdmin: boolean;
  readonly hasMetrics: boolean;

  constructor(options: CredentialOptions) {
    const add = (secret: string | undefined, allows: Grant['allows']) => secret && this.grants.push({ digest: sha256(secret), allows });
    add(options.adminToken, () => true);
    add(options.metricsToken, (access) => access.kind === 'metrics');
    add(options.token, (access) => access.kind === 'publish' || access.kind === 'read');
    for (const [lane, tokens] of Object.entries(options.laneTokens ?? {})) {
      if (typeof tokens === 'string') add(tokens, forLane(['publish', 'read'], lane));
      else {
        add(tokens.publish, forLane(['publish', 'read'], lane));
        add(tokens.read, forLane(['read'], lane));
      }
    }
    this.publishLocked = !!options.token || Object.keys(options.laneTokens ?? {}).length > 0;
    this.hasAdmin = !!options.adminToken;
    this.hasMetrics = !!options.adminToken || !!options.metricsToken;
  }

  /** Checks a presented secret (already taken from its header or query) for an access. */
  check(secret: string | undefined, access: Access): Verdict {
    if (!secret) return 'missing';
    const digest = sha256(secret);
    // Every grant is compared (no early exit): the time does not say which one matched.
    let known = false;
    let allowed = false;
    for (const grant of this.grants) {
      if (!sameDigest(digest, grant.digest)) continue;
      known = true;
      allowed ||= grant.allows(access);
    }
    return allowed ? 'ok' : known ? 'forbidden' : 'unknown';
  }
}

/** Reads `--lane-tokens FILE`: `{ "till-1": "secret" }` or `{ "till-1": { "publish": "…", "read": "…" } }`. */
export function readLaneTokens(file: string): LaneTokens {
  const text = readTextFile(file, (error) => new Error(`--lane-tokens ${file}: ${error.message}`));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Never JSON.parse's own message: it quotes the text around the mistake, a secret's part.
    throw new Error(`--lane-tokens ${file}: ${invalidJsonMessage(text)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`--lane-tokens ${file}: expected an object of lane → token`);
  for (const [lane, value] of Object.entries(parsed)) {
    if (!isValidLaneId(lane)) throw new Error(`--lane-tokens ${file}: "${lane}" is not a lane id (1-64 letters, digits, ".", "_" or "-")`);
    const ok = (token: unknown) => token === undefined || (typeof token === 'string' && token.trim().length >= MIN_TOKEN_LENGTH);
    const valid = typeof value === 'string' ? ok(value) : !!value && typeof value === 'object' && ok(value.publish) && ok(value.read);
    if (!valid) throw new Error(`--lane-tokens ${file}: lane "${lane}": expected a token of at least ${MIN_TOKEN_LENGTH} characters, or {"publish", "read"}`);
  }
  return parsed as LaneTokens;
}

/** Reads a secret from a file (`--admin-token-file`): its first line, trimmed. */
export function readSecretFile(flag: string, file: string): string {
  const text = readTextFile(file, (error) => new Error(`${flag} ${file}: ${error.message}`));
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (!secret) throw new Error(`${flag} ${file}: the file is empty`);
  return secret;
}
