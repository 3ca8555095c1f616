/**
 * Files the hub reads at start may hold secrets: a broken one is reported by line and
 * column (`node/json-error.ts`), never with JSON.parse's message, which quotes the text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readDisplayConfigFile } from '../../src/hub/display-app/config-file.js';
import { readLaneTokens } from '../../src/hub/fleet/credentials.js';
import { invalidJsonMessage } from '../../src/hub/node/json-error.js';

const dir = mkdtempSync(join(tmpdir(), 'json-error-'));

describe('invalidJsonMessage', () => {
  it('line and column of the mistake, and nothing of the text', () => {
    const rows: Array<[string, string]> = [
      ['{"till-1": secret-token-xyz}', 'line 1, column 12'],
      ['{"till-1": ', 'line 1, column 12'],
      ['{"a":"b" "c"}', 'line 1, column 10'],
      ['{"a":"b",}', 'line 1, column 10'],
      ['{\n  "a": "long-secret-value",\n  "b": tru\n}', 'line 3, column 11'],
      ['{"a": "unterminated secret', 'line 1, column 27'],
      ['', 'line 1, column 1'],
    ];
    for (const [text, where] of rows) {
      const message = invalidJsonMessage(text);
      assert.equal(message, `not valid JSON (${where})`, JSON.stringify(text));
      // JSON.parse's own message quotes the text: the reason for all this.
      assert.ok(!/secret|tru\b/.test(message));
    }
  });

  it('--lane-tokens and --config say it so', () => {
    const tokens = join(dir, 'lanes.json');
    writeFileSync(tokens, '{"till-1": "secret-of-till-1-0001", "till-2": secret-of-till-2-0002}');
    assert.throws(() => readLaneTokens(tokens), (error: Error) => error.message === `--lane-tokens ${tokens}: not valid JSON (line 1, column 47)`);
    const config = join(dir, 'display-hub.json');
    writeFileSync(config, '{\n  "shopName": "Warung Ani",\n  "apiKey": secret-in-config\n}');
    assert.throws(() => readDisplayConfigFile(config), (error: Error) => /is not valid JSON \(line 3, column 13\)$/.test(error.message) && !error.message.includes('secret'));
  });
});
