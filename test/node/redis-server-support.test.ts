/**
 * The Redis suites' helper: skipped where redis-server is missing, but under CI they fail
 * saying it is needed (a skipped suite would let CI pass having tested nothing).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REDIS_NEEDED_UNDER_CI, REDIS_SKIP_REASON, redisForTests, startRedis } from '../support/redis-server.js';

const found = () => '/usr/bin/redis-server';
const missing = () => null;

describe('redisForTests', () => {
  it('runs with the binary; without it skips, except under CI', () => {
    const rows: Array<[env: NodeJS.ProcessEnv, find: () => string | null, expected: ReturnType<typeof redisForTests>]> = [
      [{}, found, { binary: '/usr/bin/redis-server', skip: false }],
      [{ CI: 'true' }, found, { binary: '/usr/bin/redis-server', skip: false }],
      [{}, missing, { binary: null, skip: REDIS_SKIP_REASON }],
      [{ CI: '' }, missing, { binary: null, skip: REDIS_SKIP_REASON }],
      [{ CI: 'false' }, missing, { binary: null, skip: REDIS_SKIP_REASON }],
      [{ CI: '0' }, missing, { binary: null, skip: REDIS_SKIP_REASON }],
      [{ CI: 'true' }, missing, { binary: null, skip: false }],
      [{ CI: '1' }, missing, { binary: null, skip: false }],
    ];
    for (const [env, find, expected] of rows) assert.deepEqual(redisForTests(env, find), expected, `${JSON.stringify(env)} ${find.name}`);
  });

  it('starting no binary (missing under CI) fails with the message saying redis-server is needed', async () => {
    await assert.rejects(startRedis(null), { message: REDIS_NEEDED_UNDER_CI });
    assert.match(REDIS_NEEDED_UNDER_CI, /redis-server is needed/);
  });

  it('a Redis suite run under CI without redis-server fails, and says why', () => {
    // A suite shaped like redis.test.ts, run where no redis-server can be found: node:test
    // fails a suite whose before hook throws (the skip without CI is the table above).
    const dir = mkdtempSync(join(tmpdir(), 'redis-ci-'));
    const helper = new URL('../support/redis-server.ts', import.meta.url).href;
    try {
      const suite = join(dir, 'suite.test.ts');
      writeFileSync(
        suite,
        `import { before, describe, it } from 'node:test';
import { redisForTests, startRedis } from '${helper}';
const { binary, skip } = redisForTests(process.env, () => null);
describe('a Redis suite', { skip }, () => {
  before(async () => void (await startRedis(binary)));
  it('uses Redis', () => {});
});
`,
      );
      // Without NODE_TEST_CONTEXT: the nested runner reports in TAP, not to this one.
      const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;
      const ci = spawnSync(process.execPath, ['--import', 'tsx', '--test', suite], { encoding: 'utf8', env: { ...parentEnv, CI: 'true' } });
      assert.equal(ci.status, 1, 'the run fails under CI');
      assert.match(ci.stdout, /^not ok 1 - a Redis suite$/m);
      assert.ok(ci.stdout.includes(REDIS_NEEDED_UNDER_CI), ci.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
