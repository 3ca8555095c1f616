#!/usr/bin/env node
/**
 * `npm test`: everything, in under 10 minutes on the 2-core machine (one step after another
 * it was over 12). The build first; then two pairs of jobs that share nothing, each pair at
 * once on the two cores: the type check beside the Storybook build, and the Node unit tests
 * beside the browser component tests; then the Node tests that drive browsers, child
 * processes and servers, two files at a time; last, alone, those whose point is timing under
 * pressure (crash races, deadlines, bounds, outages, scale), which must not compete with
 * anything.
 *
 * A Node test file is a unit test file when it starts none of those: no Chromium, Firefox or
 * WebKit, no hub process, no redis-server, no Python, no child process, no Storybook (the
 * pattern below, read from its source and the support modules it imports). Those run with
 * two files at a time.
 *
 * The output of a pair is printed job by job when both are done (never interleaved); the
 * last lines are the Node runner's own summary. Exits non-zero when any job failed.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const NODE_TESTS = 'test/node/';
/** What makes a test file heavy, in its source or in a support module it imports by name. */
const HEAVY =
  /launchChromium|startHubProcess|startRedis|redisForTests|puppeteer|spawn|execFile|fork\(|webdriver|storybook|firefox|webkit|python|support\/(crash|display-page|display-app|hub-process|chromium|engines|reliab|e2e|browser|display-screens|prompt-screens|idle-streams|bench)/;

const files = readdirSync(NODE_TESTS)
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => NODE_TESTS + name);
const unit = files.filter((file) => !HEAVY.test(readFileSync(file, 'utf8')));
const heavy = files.filter((file) => !unit.includes(file));
/**
 * Heavy files whose point is timing under pressure (crash races, deadlines, connection and
 * memory bounds, outages, scale, workers): they run alone, one after another. The other heavy
 * files (end to end in a browser, a hub process, Redis, Python) run two at a time; their waits
 * are generous, as tests run on a loaded machine must be.
 */
const ALONE = /\/(reliability-|abuse-|hub-scale|redis-outage|cli-workers)/;
const alone = heavy.filter((file) => ALONE.test(file));
const paired = heavy.filter((file) => !alone.includes(file));

const nodeTests = (list, concurrency) => ['node', ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...list]];

/** Runs a command; `buffer`: its output is kept and returned instead of shown as it comes. */
function run([command, args], { buffer = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env });
    let output = '';
    if (buffer) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** Both at once; their outputs after, one then the other. */
async function pair(label, a, b) {
  const started = Date.now();
  const results = await Promise.all([run(a.command, { buffer: true }), run(b.command, { buffer: true })]);
  for (const [index, result] of results.entries()) {
    const name = [a, b][index].name;
    process.stdout.write(`\n── ${name} ──\n${result.output}`);
    if (result.code !== 0) console.log(`\n✗ ${name} failed (exit ${result.code})`);
  }
  console.log(`\n── ${label}: ${((Date.now() - started) / 1000).toFixed(0)} s ──`);
  return results.every((result) => result.code === 0);
}

const npm = (script) => ['npm', ['run', '--silent', script]];
const steps = [
  () => run(npm('build')).then((result) => result.code === 0),
  () => pair('type check and Storybook build', { name: 'type check', command: npm('typecheck') }, { name: 'Storybook build', command: npm('build-storybook') }),
  () =>
    pair(
      `Node unit tests (${unit.length} files, two at a time) and browser component tests`,
      { name: 'Node unit tests', command: nodeTests(unit, 2) },
      { name: 'browser component tests', command: npm('test:browser') },
    ),
  () => {
    console.log(`\n── Node tests with browsers, processes and servers (${paired.length} files, two at a time) ──`);
    return run(nodeTests(paired, 2)).then((result) => result.code === 0);
  },
  () => {
    console.log(`\n── Node tests of timing under pressure (${alone.length} files, one at a time) ──`);
    return run(nodeTests(alone, 1)).then((result) => result.code === 0);
  },
];

for (const step of steps) {
  if (!(await step())) process.exit(1);
}
