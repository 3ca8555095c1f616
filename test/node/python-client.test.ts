/**
 * The Python client (clients/python) and its Django example against real hubs on loopback:
 * the Python `unittest` suites run as child processes, told where the hubs are by
 * environment variables. Their output is shown when they fail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { openSse } from '../support/sse-client.js';
import { findPython, runPython } from '../support/python.js';

const CLIENT_DIR = fileURLToPath(new URL('../../clients/python/', import.meta.url));
const DJANGO_DIR = fileURLToPath(new URL('../../clients/python/examples/django_till/', import.meta.url));
const TOKEN = 'py-client-test-secret';

const python = findPython();
const djangoPython = findPython('import django; assert django.VERSION >= (3, 2)');
const mypyPython = findPython('import mypy');
if (!python) console.log('# python-client: no Python >= 3.9 found (set PYTHON): skipped');
else if (!djangoPython) console.log('# python-client: no Python with Django >= 3.2 (Debian: apt-get install python3-django; or set PYTHON): the Django example is skipped');

/** The first ```python block after `heading` in a page of the repository, as written. */
function pythonBlock(page: string, heading: string): string {
  const text = readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8');
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `${page} has "${heading}"`);
  const block = /```python\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `${page} has a python block after "${heading}"`);
  return block[1]!;
}

/** Every Python test ran (none skipped for a missing hub) and passed. */
function assertAllPassed(run: { code: number | null; output: string }): void {
  assert.equal(run.code, 0, `the Python tests failed:\n${run.output}`);
  assert.match(run.output, /\nOK\b/, run.output);
  assert.doesNotMatch(run.output, /skipped=/, `some Python tests were skipped:\n${run.output}`);
}

describe('Python client (clients/python) against a real hub', { skip: python ? false : 'no Python >= 3.9 (set PYTHON)' }, () => {
  let hub: RunningHub;
  let tokenHub: RunningHub;

  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, displayApp: false });
    tokenHub = await startHubServer({ port: 0, heartbeatMs: 0, displayApp: false, token: TOKEN });
  });

  after(async () => {
    await hub?.close();
    await tokenHub?.close();
  });

  it('passes its unittest suite: publish, latest wins, hub down or silent, tokens, lanes, ask()', async () => {
    const run = await runPython(python!, ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-v'], {
      cwd: CLIENT_DIR,
      env: { POS_DISPLAY_HUB_URL: hub.url, POS_DISPLAY_TOKEN_HUB_URL: tokenHub.url, POS_DISPLAY_TOKEN: TOKEN },
      timeoutMs: 60_000,
    });
    assertAllPassed(run);
  });

  it('has full type hints: mypy --strict for Python 3.9 finds nothing', { skip: mypyPython ? false : 'no Python with mypy (Debian: apt-get install mypy)' }, async () => {
    const run = await runPython(mypyPython!, ['-m', 'mypy', '--strict', '--python-version', '3.9', '--cache-dir=/dev/null', 'pos_customer_display.py'], { cwd: CLIENT_DIR, env: {}, timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.output);
  });

  for (const [page, heading, hubInText] of [
    ['README.md', '## The cashier side', 'http://localhost:5000'],
    ['docs/python.md', '## Five lines', 'http://127.0.0.1:5000'],
  ] as const) {
    it(`${page}'s example runs as written: the lane's display sees the bill, then the thank-you`, async () => {
      const example = pythonBlock(page, heading);
      assert.ok(example.includes(hubInText), `it addresses ${hubInText}`);
      const stream = await openSse(`${hub.url}/api/customer-display/stream?lane=till-1`);
      try {
        const run = await runPython(python!, ['-c', example.replaceAll(hubInText, hub.url)], { cwd: CLIENT_DIR, env: {}, timeoutMs: 20_000 });
        assert.equal(run.code, 0, run.output);
        await stream.waitFor((event) => event.event === 'clear', 5000);
        const shown = stream.events.filter((event) => event.event === 'bill-update' || event.event === 'clear');
        assert.deepEqual(shown.map((event) => event.event), ['bill-update', 'clear']);
        assert.equal((shown[0]!.data as { total: number }).total, 55500);
      } finally {
        stream.close();
      }
    });
  }

  it('runs the Django example (docs/python.md) with its own tests', { skip: djangoPython ? false : 'no Python with Django >= 3.2' }, async () => {
    const run = await runPython(djangoPython!, ['manage.py', 'test', 'till', '-v', '2'], {
      cwd: DJANGO_DIR,
      env: { CUSTOMER_DISPLAY_HUB_URL: hub.url, CUSTOMER_DISPLAY_TILLS: 'till-1,till-2' },
      timeoutMs: 60_000,
    });
    assertAllPassed(run);
  });
});
