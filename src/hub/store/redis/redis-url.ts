/**
 * A Redis URL as the hub may print it (start banner, start failures, usage errors): its
 * user and password (`redis://user:secret@host`) and any `password=` or `username=` query
 * value become `***`. The URL given on the command line or in the environment is never
 * printed any other way.
 */
export function printableRedisUrl(url: string): string {
  return (
    url
      // Everything after the scheme up to the last '@' is credentials: a password with an
      // unescaped '@' is hidden whole too, and so is one in a mistyped URL (`redis:/u:p@h`).
      .replace(/^([a-z][a-z0-9+.-]*:\/*)?(.*)@/i, (_, scheme: string | undefined) => `${scheme ?? ''}***@`)
      .replace(/([?&](?:password|pass|username|user)=)[^&#]*/gi, '$1***')
  );
}
