/**
 * Lines up `--help`: every option's description starts in one column, its further lines
 * too. The flag groups write their help as plain text; this puts each description where it
 * belongs, so a new long flag (`--max-connections-per-address <n>`) cannot push its
 * description out of line: a flag too long for the column gets its description below it.
 */

/** Where every description starts (0-based), as `  --port <n>             port…` always had it. */
export const DESCRIPTION_COLUMN = 25;

/** `  --port <n>  text`, `  -h, --help  text`: the flag (with its argument) and the start of its description. */
const OPTION_LINE = /^ {2}((?:-\w, )?--[\w-]+(?: <[^>]+>)?)(?: +(\S.*))?$/;
/** A description's further line: indented well past the flags. */
const CONTINUATION = /^ {4,}(\S.*)$/;

export function alignOptions(usage: string): string {
  const pad = ' '.repeat(DESCRIPTION_COLUMN);
  return usage
    .split('\n')
    .map((line) => {
      const option = OPTION_LINE.exec(line);
      if (option) {
        const [, flag, text] = option as unknown as [string, string, string | undefined];
        if (text === undefined) return `  ${flag}`;
        const lead = `  ${flag} `;
        return lead.length <= DESCRIPTION_COLUMN ? lead.padEnd(DESCRIPTION_COLUMN) + text : `  ${flag}\n${pad}${text}`;
      }
      const more = CONTINUATION.exec(line);
      return more ? pad + more[1] : line;
    })
    .join('\n');
}
