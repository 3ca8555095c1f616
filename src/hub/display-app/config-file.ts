/**
 * Reads `display-hub.json`. At start a bad file stops the hub with a message naming the
 * field; later edits are picked up on the next page load (the file is stat'ed per request),
 * and a bad edit keeps the last good configuration on screen instead of breaking displays.
 */
import { statSync } from 'node:fs';
import { invalidJsonMessage } from '../node/json-error.js';
import { readTextFile } from '../node/read-text-file.js';
import { validateDisplayConfig, type DisplayAppConfig } from './config-schema.js';

export class DisplayConfigError extends Error {
  constructor(
    readonly file: string,
    /** Dotted path of the offending field; `(file)` when the file itself is unusable. */
    readonly field: string,
    message: string,
  ) {
    super(`config ${file}: ${message}`);
    this.name = 'DisplayConfigError';
  }
}

/** Reads and validates the file now; throws `DisplayConfigError` naming the field. */
export function readDisplayConfigFile(file: string): DisplayAppConfig {
  const read = readTextFile(file, (error) => new DisplayConfigError(file, '(file)', `cannot be read (${error.code ?? error.message})`));
  // Windows editors (Notepad) save UTF-8 with a byte-order mark: an invisible character JSON.parse refuses.
  const text = read.startsWith('\uFEFF') ? read.slice(1) : read;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Line and column, never JSON.parse's message: it quotes the text, which may hold a secret.
    throw new DisplayConfigError(file, '(file)', `is ${invalidJsonMessage(text)}`);
  }
  const result = validateDisplayConfig(json);
  if (!result.ok) throw new DisplayConfigError(file, result.field, describeProblems(result.problems));
  return result.value;
}

/**
 * Like {@link readDisplayConfigFile}, but a file that does not exist (yet) is the empty
 * configuration: the admin page creates it on its first save.
 */
export function readDisplayConfigFileOrEmpty(file: string): DisplayAppConfig {
  if (!statSync(file, { throwIfNoEntry: false })) return {};
  return readDisplayConfigFile(file);
}

/** The configuration as of now: the file re-read whenever it changed since the last call. */
export function configFileSource(file: string, onInvalid: (error: DisplayConfigError) => void): () => DisplayAppConfig {
  let current = readDisplayConfigFileOrEmpty(file);
  let stamp = fileStamp(file);
  return () => {
    const now = fileStamp(file);
    if (now === stamp) return current;
    stamp = now;
    try {
      current = readDisplayConfigFileOrEmpty(file);
    } catch (error) {
      if (!(error instanceof DisplayConfigError)) throw error;
      onInvalid(error);
    }
    return current;
  };
}

/** What tells one version of a file from the next: its time, size and inode ('missing' when absent). */
export function fileStamp(file: string): string {
  try {
    const stat = statSync(file);
    // The inode too: an atomic save (temp file renamed over it) may keep the size and time.
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'missing';
  }
}

/** One problem on the line; several as a list, so the shop fixes them all in one go. */
function describeProblems(problems: readonly string[]): string {
  if (problems.length === 1) return problems[0]!;
  return `${problems.length} problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`;
}
