/** Reading a file the hub was pointed at: the caller's own error, and a missing file told apart. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readTextFile, readTextFileIfExists } from '../../src/hub/node/read-text-file.js';

describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-text-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const failure = (error: NodeJS.ErrnoException) => new RangeError(`--flag: ${error.code}`);

  it('reads UTF-8 text', () => {
    writeFileSync(join(dir, 'a.txt'), 'héllo\n');
    assert.equal(readTextFile(join(dir, 'a.txt'), failure), 'héllo\n');
    assert.equal(readTextFileIfExists(join(dir, 'a.txt'), failure), 'héllo\n');
  });

  it('a missing file is the caller\'s error, or null where it may not exist yet', () => {
    assert.throws(() => readTextFile(join(dir, 'none'), failure), { name: 'RangeError', message: '--flag: ENOENT' });
    assert.equal(readTextFileIfExists(join(dir, 'none'), failure), null);
  });

  it('any other failure is the caller\'s error, even where a missing file is fine', () => {
    assert.throws(() => readTextFileIfExists(dir, failure), { name: 'RangeError', message: '--flag: EISDIR' });
  });
});
