/**
 * A whole-number flag, checked the same way in every flag group: absent → the default,
 * else digits only, within [min, max]. `fail` makes the group's own error (the CLI turns
 * each into a usage error, exit 2), so the message is the same wherever the flag lives.
 */
export function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number, fail: (message: string) => Error): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw fail(`${flag} expects a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}
