/**
 * Persists the hub's state to one JSON file, atomically (temp file, fsync, rename) and
 * coalesced (a burst of publishes costs one or two writes, never a queue of them), so a
 * restart or a power cut brings every display back to the same bill.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import type { Hub } from './hub.js';
import { HubSnapshot } from './snapshot.js';
import { validate } from '../protocol/index.js';

export class StateFileError extends Error {}

/** Reads a state file; `null` when there is none yet. Throws {@link StateFileError} when unusable. */
export async function loadStateFile(path: string): Promise<HubSnapshot | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StateFileError(`cannot read state file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`state file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = validate(HubSnapshot, json);
  if (!result.ok) throw new StateFileError(`state file ${path} is invalid: ${result.message}`);
  return result.value;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(text, 'utf8');
    // Durable before it becomes visible: after a power cut the file is old or new, never torn.
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

export class StateFileWriter {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private readonly unsubscribe: () => void;
  /** The last write failure, if the latest write failed (reported, never thrown into publishes). */
  lastError: Error | undefined;
  /** Completed writes, to observe coalescing. */
  writes = 0;

  constructor(
    private readonly path: string,
    private readonly hub: Hub,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    this.unsubscribe = hub.onChange(() => this.schedule());
  }

  /** Marks the state changed; a write follows soon, after the current one if any. */
  schedule(): void {
    this.dirty = true;
    if (!this.writing) this.writing = this.drain();
  }

  /** Resolves when everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Stops following the hub (after a last flush). */
  async close(): Promise<void> {
    this.unsubscribe();
    await this.flush();
  }

  private async drain(): Promise<void> {
    // Let the rest of a burst land first: one write covers all of it.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.dirty) {
      this.dirty = false;
      try {
        await writeAtomically(this.path, JSON.stringify(this.hub.snapshot()));
        this.writes++;
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error as Error;
        this.onError(error as Error);
        await rm(`${this.path}.${process.pid}.tmp`, { force: true }).catch(() => {});
      }
    }
    this.writing = undefined;
  }
}
