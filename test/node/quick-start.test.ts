/**
 * The README's shop quick start, run as written: steps 2 and 3 in bash from an empty folder
 * (with a ~/promo that lacks some file types and holds the logo), step 4 with the built CLI
 * (only `npx` and the address change: 127.0.0.1 on a free port), then what step 5 opens.
 * Step 1 (npm install && npm run build) is what `npm test` has done already. The step-by-step
 * version in docs/getting-started.md must give the same commands.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHubProcess, type HubProcess } from '../support/hub-process.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const GETTING_STARTED = readFileSync(new URL('../../docs/getting-started.md', import.meta.url), 'utf8');

/** The commands of the quick start's sh block, by step number (`# 2. …` comments). */
function quickStartSteps(): Map<number, string> {
  const section = README.slice(README.indexOf('## Quick start: a shop'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has a quick start sh block');
  const steps = new Map<number, string>();
  for (const line of block[1]!.split('\n')) {
    const match = /^(.*?)\s+# (\d)\./.exec(line);
    if (match && match[1]!.trim()) steps.set(Number(match[2]), match[1]!.trim());
  }
  return steps;
}

describe("the README's shop quick start", () => {
  const steps = quickStartSteps();
  let home: string;
  let shop: string;
  let hub: HubProcess | undefined;

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'quick-start-home-'));
    shop = mkdtempSync(join(tmpdir(), 'quick-start-'));
    // A shop's promo folder: no .jpg and no .mp4 (a cp of those types alone would fail), a logo, a note.
    mkdirSync(join(home, 'promo'));
    writeFileSync(join(home, 'promo', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>');
    writeFileSync(join(home, 'promo', 'promo-1.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    writeFileSync(join(home, 'promo', 'promo-2.webm'), Buffer.alloc(64));
    writeFileSync(join(home, 'promo', 'notes.txt'), 'not a slide');
  });

  after(() => {
    hub?.child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
    rmSync(shop, { recursive: true, force: true });
  });

  it('has steps 1 to 4 as commands, the same as docs/getting-started.md gives them', () => {
    assert.deepEqual([...steps.keys()], [1, 2, 3, 4]);
    for (const command of steps.values()) assert.ok(GETTING_STARTED.includes(command), `docs/getting-started.md gives \`${command}\``);
  });

  it('steps 2 and 3 run as written, whatever file types ~/promo lacks, and copy the logo step 3 names', () => {
    for (const step of [2, 3]) {
      const run = spawnSync('bash', ['-c', steps.get(step)!], { cwd: shop, env: { ...process.env, HOME: home }, encoding: 'utf8' });
      assert.equal(run.status, 0, `step ${step} failed: ${run.stderr}`);
    }
    const config = JSON.parse(readFileSync(join(shop, 'shop/display-hub.json'), 'utf8')) as { logo: string };
    assert.equal(readFileSync(join(shop, 'shop/media', config.logo), 'utf8').startsWith('<svg'), true, 'the logo named in step 3 was copied');
  });

  it('step 4 starts the hub, and the screen of step 5 gets the page, the logo and the slides', async () => {
    const command = steps.get(4)!;
    assert.match(command, /^npx display-hub --host 0\.0\.0\.0 /);
    const args = command.replace(/^npx display-hub /, '').replace('--host 0.0.0.0', '--host 127.0.0.1').split(/\s+/);
    hub = await startHubProcess([...args, '--log-level', 'warn'].map((arg) => (arg.startsWith('shop/') ? join(shop, arg) : arg)));
    const page = await fetch(`${hub.url}/display/?lane=till-1`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="customer-display\.auto\.js\?v=[^"]+" defer>[\s\S]*id="display-config">\{"shopName":"Warung Nusantara"/, 'the display page, carrying the configuration');
    const config = (await (await fetch(`${hub.url}/display/config.json?lane=till-1`)).json()) as { shopName: string; logo: string; slides: Array<{ src: string }> };
    assert.equal(config.shopName, 'Warung Nusantara');
    assert.equal(config.logo, '/media/logo.svg');
    assert.deepEqual(config.slides.map((slide) => slide.src.split('?')[0]), ['/media/promo-1.png', '/media/promo-2.webm'], 'the image and the video are slides; the logo and the note are not');
    assert.equal((await fetch(`${hub.url}${config.logo}`)).status, 200);
    assert.equal((await fetch(`${hub.url}/media/notes.txt`)).status, 404, 'other files are never served');
  });
});
