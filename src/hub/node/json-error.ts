/**
 * Where a JSON text is broken, said without quoting it: JSON.parse's own message shows the
 * text around the mistake, and the files the hub reads at start (lane tokens, the display
 * configuration) may hold secrets there.
 */

/**
 * The offset of the mistake, found without showing JSON.parse's message: the shortest start
 * of the text that fails for another reason than ending too soon ends at the mistake.
 */
export function jsonErrorOffset(text: string): number {
  const endsEarly = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (error) {
      // "Unexpected end of JSON input", or a mistake said to be just past the end.
      const { message } = error as Error;
      return /end of JSON input/.test(message) || new RegExp(`position ${length}\\b`).test(message);
    }
  };
  if (endsEarly(text.length)) return text.length;
  let low = 0;
  let high = text.length;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (endsEarly(middle)) low = middle;
    else high = middle;
  }
  return high - 1;
}

/** `line 3, column 12` (both from 1) of an offset in a text. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** `not valid JSON (line 3, column 12)`: for an error message that must not quote the text. */
export function invalidJsonMessage(text: string): string {
  return `not valid JSON (${lineAndColumn(text, jsonErrorOffset(text))})`;
}
