/**
 * The one warning a hub gives at start when anyone on the shop's network may use it: bound
 * beyond loopback with no publish token. Apart from `cli.ts` (which runs on import) so it
 * is unit-tested without spawning the CLI.
 */
import type { CliConfig } from './cli-options.js';

/** Loopback only: 127.0.0.0/8, ::1, localhost (IPv4-mapped too). */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(name);
}

/** The warning, in one line, or undefined when the hub is not open to the network. */
export function openHubWarning({ host, token, laneTokens }: Pick<CliConfig, 'host' | 'token' | 'laneTokens'>): string | undefined {
  if (isLoopbackHost(host) || token || (laneTokens && Object.keys(laneTokens).length > 0)) return undefined;
  return (
    `the hub listens on ${host} with no --token and no --lane-tokens: anyone on the network can post bills, ` +
    'dialogs and prompts to any lane and read every lane; close it with --token <secret> (every lane) or --lane-tokens <file> (one per till)'
  );
}

/**
 * A hub on the LAN checks `Host` only when told its names (`--allow-host`), and trusts its
 * own display's origin only then: without them a screen's answers to prompts (tip, receipt,
 * rating) are refused, which a shop notices only at the first tip. Said at start instead.
 */
export function untrustedAnswersWarning({ host, extraHosts, allowOrigins }: Pick<CliConfig, 'host' | 'extraHosts' | 'allowOrigins'>): string | undefined {
  if (isLoopbackHost(host) || extraHosts.length > 0 || (allowOrigins && allowOrigins.length > 0)) return undefined;
  return (
    `the hub listens on ${host} with no --allow-host: its display pages' answers to prompts (tip, receipt, rating) are not trusted; ` +
    'add --allow-host with each name or address screens and tills use (e.g. --allow-host 192.168.1.10)'
  );
}
