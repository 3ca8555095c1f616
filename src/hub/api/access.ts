/**
 * Who may read and who may publish: the Host check (DNS rebinding), the Origin allow-list
 * and the CORS headers that go with it. Framework-free, like the API that asks it.
 */

/** What the access rules need to know about a request. */
export interface RequestHeaders {
  header(name: string): string | undefined;
}

export interface AccessOptions {
  /**
   * Browser origins allowed to publish, besides the hub's own. `['*']`: any (the original's
   * `CORS *`). Requests without `Origin` (servers, curl) are not affected. Default: none.
   */
  allowOrigins?: readonly string[];
  /** Host names requests may address (DNS-rebinding guard); `*.localhost` admits subdomains. Default: any. */
  allowedHosts?: readonly string[];
  /**
   * Whoever mounts the API has checked `Host` already (Vite does, for its dev and preview
   * servers). Only a checked `Host` lets a page of the hub's own origin publish without
   * being listed: an unchecked one is whatever a DNS-rebinding page says it is.
   */
  hostVerified?: boolean;
}

/** What a request wants to do, as the credentials judge it. */
export type Access = { kind: 'publish'; lane: string } | { kind: 'read'; lane: string } | { kind: 'admin' } | { kind: 'metrics' };

/** `ok`: allowed; `missing`/`unknown`: 401; `forbidden`: 403 (a known secret, not for this). */
export type Verdict = 'ok' | 'missing' | 'unknown' | 'forbidden';

/** The hub's secrets (`credentials.ts`, Node only: the API also runs in the browser's mock). */
export interface CredentialChecker {
  /** Publishing needs a credential. */
  readonly publishLocked: boolean;
  /** The admin API is on (an admin token was given). */
  readonly hasAdmin: boolean;
  /** `/metrics` needs a credential. */
  readonly hasMetrics: boolean;
  check(secret: string | undefined, access: Access): Verdict;
}

/** The paired displays' secrets (`fleet/registry.ts`). */
export interface DisplayChecker {
  checkDisplay(id: string | null, key: string | undefined, lane: string): Verdict;
}

/** `Authorization: Bearer X` → X. */
export function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match ? match[1]!.trim() : undefined;
}

/** Either verdict allows; else a known secret not for this is 403; else 401. */
export function eitherVerdict(a: Verdict, b: Verdict): Verdict {
  if (a === 'ok' || b === 'ok') return 'ok';
  if (a === 'forbidden' || b === 'forbidden') return 'forbidden';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'missing';
}

export const OPEN_CORS = { 'Access-Control-Allow-Origin': '*' };

/** `Host` without its port: `127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `[::1]`. */
function hostName(host: string | undefined): string {
  const match = /^(\[[^\]]*\]|[^:]*)/.exec((host ?? '').trim().toLowerCase());
  return match ? match[1]! : '';
}

export class AccessPolicy {
  private readonly anyOrigin: boolean;
  private readonly allowOrigins: Set<string>;
  private readonly allowedHosts: Set<string> | undefined;
  private readonly hostVerified: boolean;

  constructor(options: AccessOptions) {
    this.anyOrigin = options.allowOrigins?.includes('*') ?? false;
    this.allowOrigins = new Set(options.allowOrigins ?? []);
    this.allowedHosts = options.allowedHosts ? new Set(options.allowedHosts.map((host) => host.toLowerCase())) : undefined;
    this.hostVerified = !!this.allowedHosts || !!options.hostVerified;
  }

  /** The request addresses a name this hub serves. */
  hostAllowed(req: RequestHeaders): boolean {
    const host = hostName(req.header('host'));
    const hosts = this.allowedHosts;
    return !hosts || hosts.has(host) || (hosts.has('*.localhost') && host.endsWith('.localhost'));
  }

  /** The request's page (if any) may publish. */
  originAllowed(req: RequestHeaders): boolean {
    const origin = req.header('origin');
    if (!origin || this.anyOrigin || this.allowOrigins.has(origin)) return true;
    // The hub's own pages (the Vite plugin serves both) may publish, when Host was checked.
    if (!this.hostVerified) return false;
    try {
      return new URL(origin).host === req.header('host');
    } catch {
      return false;
    }
  }

  /** CORS headers for a publish reply: only an allowed page may read it. */
  corsHeaders(req: RequestHeaders): Record<string, string> {
    const origin = req.header('origin');
    if (!origin || !this.originAllowed(req)) return {};
    return this.anyOrigin ? OPEN_CORS : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }
}
