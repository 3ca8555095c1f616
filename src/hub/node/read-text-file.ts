/**
 * Reading a file the hub was pointed at (a state file, a pairings file, a secret, the
 * display app's configuration), written once. Each caller words its own error, naming its
 * flag or file; a file that is simply not there yet (a first start) can be told apart from
 * one that cannot be read.
 */
import { readFileSync } from 'node:fs';

/** Turns a failed read into the caller's own error. */
export type ReadFailure = (error: NodeJS.ErrnoException) => Error;

/** The file's UTF-8 text; a failure to read it is thrown as `failure` words it. */
export function readTextFile(file: string, failure: ReadFailure): string {
  return read(file, failure, { missingIsNull: false })!;
}

/** The file's UTF-8 text, or null when there is no such file (nothing saved yet). */
export function readTextFileIfExists(file: string, failure: ReadFailure): string | null {
  return read(file, failure, { missingIsNull: true });
}

function read(file: string, failure: ReadFailure, { missingIsNull }: { missingIsNull: boolean }): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const errno = error as NodeJS.ErrnoException;
    if (missingIsNull && errno.code === 'ENOENT') return null;
    throw failure(errno);
  }
}
