/**
 * "Did you mean": the flag a mistyped one most likely meant, for the unknown-flag message.
 * A flag the given one extends or starts (`--media-dir` → `--media`, `--priv` →
 * `--private-streams`), a single letter the way other tools abbreviate (`-p` → `--port`),
 * or one a couple of keystrokes away (`--prot` → `--port`). Nothing when none is close:
 * a wild guess misleads more than none.
 */
import { editDistance } from '../node/closest-name.js';

/** The closest of `flags` (long names, without dashes) to what was typed (`--prot`, `-p`, `--media-dir=x`), as `--name`. */
export function suggestFlag(typed: string, flags: readonly string[]): string | undefined {
  const name = typed.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  if (name === '') return undefined;
  const byLength = [...flags].sort((a, b) => a.length - b.length);
  if (!typed.startsWith('--') && name.length === 1) {
    const found = byLength.find((flag) => flag.startsWith(name));
    return found && `--${found}`;
  }
  // `--prot` → `--port`, `--lane-token` → `--lane-tokens`: a keystroke or two away.
  const limit = name.length <= 4 ? 1 : 2;
  let best: { flag: string; distance: number } | undefined;
  for (const flag of flags) {
    const distance = editDistance(name, flag);
    if (distance <= limit && (!best || distance < best.distance)) best = { flag, distance };
  }
  if (best) return `--${best.flag}`;
  // `--media-dir` → `--media`: the longest flag the typed name extends by a word.
  const extended = [...byLength].reverse().find((flag) => name.startsWith(`${flag}-`) || name.startsWith(`${flag}_`));
  if (extended) return `--${extended}`;
  // `--priv` → `--private-streams`: the shortest flag it starts, if it is no mere letter or two.
  const started = name.length >= 3 ? byLength.find((flag) => flag.startsWith(name)) : undefined;
  return started && `--${started}`;
}
