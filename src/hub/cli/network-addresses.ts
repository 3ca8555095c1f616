/**
 * The addresses a hub bound to every interface (`--host 0.0.0.0` or `::`) answers on, for
 * the start banner: `http://0.0.0.0:5000` is not an address a screen can open, and a shop
 * owner should not need `ip addr` to find the one to type.
 */
import { networkInterfaces } from 'node:os';

const WILDCARD = /^(0\.0\.0\.0|\[?::\]?)$/;

/** `url` with each external IPv4 address of this machine in place of a wildcard host; [] for any other host. */
export function networkUrls(url: string, interfaces = networkInterfaces()): string[] {
  const parsed = new URL(url);
  if (!WILDCARD.test(parsed.hostname)) return [];
  const addresses = Object.values(interfaces)
    .flat()
    .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry!.address);
  return [...new Set(addresses)].map((address) => `${parsed.protocol}//${address}${parsed.port ? `:${parsed.port}` : ''}`);
}
