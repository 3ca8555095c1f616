/**
 * The README and docs/ hold together: every relative link (and #anchor, by GitHub's heading
 * slugs) in README.md and docs/**\/*.md leads somewhere, and the README stays a page read in
 * minutes (at most 12 KB; it was a 91 KB manual before issue 25).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const README_LIMIT_BYTES = 12_288;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** The text outside fenced code blocks and inline code: links in examples are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/`/g, '')
    .replace(/\*\*|__/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings' slugs, numbered as GitHub numbers repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}

/** The link targets of a page: `[text](target)` and `![alt](target)`, titles dropped. */
function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
}

/** What is wrong with each relative link of `file` (empty: every one resolves). */
export function brokenLinks(file: string, markdown = readFileSync(file, 'utf8')): string[] {
  const problems: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not ours to check
    const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
    const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
    if (pathPart !== '' && (!path.startsWith(ROOT) || !existsSync(path))) {
      problems.push(`${target}: no such file`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!path.endsWith('.md') || (path !== file && statSync(path).isDirectory())) {
      problems.push(`${target}: an anchor into a file that is not Markdown`);
      continue;
    }
    const text = path === file ? markdown : readFileSync(path, 'utf8');
    if (!anchors(text).has(anchor)) problems.push(`${target}: no heading "#${anchor}" in ${relative(ROOT, path)}`);
  }
  return problems;
}

const PAGES = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

describe('README.md and docs/', () => {
  it(`the README is at most ${README_LIMIT_BYTES} bytes`, () => {
    const bytes = statSync(join(ROOT, 'README.md')).size;
    assert.ok(bytes <= README_LIMIT_BYTES, `README.md is ${bytes} bytes; move detail to docs/`);
  });

  it('docs/ has the pages the README links to, and an index', () => {
    assert.ok(PAGES.length > 10, `found ${PAGES.length} pages`);
    assert.ok(existsSync(join(ROOT, 'docs/README.md')), 'docs/README.md (the index)');
  });

  for (const page of PAGES) {
    it(`every relative link of ${relative(ROOT, page)} resolves`, () => {
      assert.deepEqual(brokenLinks(page), []);
    });
  }

  it('finds a missing file, a missing heading and a link into code; skips links in code and other sites', () => {
    const page = join(ROOT, 'docs/example.md');
    const markdown = [
      '# Quick start: a shop’s screen',
      '## `<display-sync>` and the **hub**',
      '## Repeat',
      '## Repeat',
      '[fine](../README.md) [fine](#quick-start-a-shops-screen) [fine](#display-sync-and-the-hub) [fine](#repeat-1)',
      '[gone](missing.md) [no heading](#nowhere) [not markdown](../LICENSE#x) [web](https://example.com/x#y)',
      '`[code](nothing.md)`',
      '```md\n[fenced](nothing-either.md)\n```',
    ].join('\n');
    assert.deepEqual(brokenLinks(page, markdown), [
      'missing.md: no such file',
      '#nowhere: no heading "#nowhere" in docs/example.md',
      '../LICENSE#x: an anchor into a file that is not Markdown',
    ]);
  });
});
