/**
 * docs/elements.md's reference is generated from the elements' JSDoc (scripts/elements-doc.mjs
 * through custom-elements.json), not copied by hand: an attribute added, renamed or documented
 * differently in the code makes this test fail until the page is regenerated.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script of the build, without type declarations
import { analyzeElements, ELEMENTS_PAGE, elementsReference, END_MARKER, START_MARKER, withElementsReference } from '../../scripts/elements-doc.mjs';

type Manifest = { modules: Array<{ declarations?: Array<Record<string, unknown> & { tagName?: string; attributes?: Array<Record<string, unknown>> }> }> };

describe('docs/elements.md reference', () => {
  const manifest = analyzeElements() as Manifest;

  it('is exactly what scripts/elements-doc.mjs makes of the elements as they are', () => {
    const page = readFileSync(ELEMENTS_PAGE, 'utf8');
    assert.ok(page.includes(START_MARKER) && page.includes(END_MARKER), 'docs/elements.md has the markers of the generated reference');
    assert.equal(withElementsReference(page, elementsReference(manifest)), page, 'run `node scripts/elements-doc.mjs`');
  });

  it('has a section for every element of the package, and follows the manifest', () => {
    const reference = elementsReference(manifest) as string;
    const tags = manifest.modules.flatMap((module) => module.declarations ?? []).flatMap((declaration) => (declaration.tagName ? [declaration.tagName] : []));
    assert.ok(tags.length >= 11, `found ${tags.length} elements`);
    for (const tag of tags) assert.match(reference, new RegExp(`^### \`<${tag}>\` reference$`, 'm'));
    const changed = structuredClone(manifest);
    const billPanel = changed.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'bill-panel')!;
    billPanel.attributes = [...(billPanel.attributes ?? []), { name: 'made-up', fieldName: 'madeUp', type: { text: 'string' }, description: 'A | pipe\nand a line break.' }];
    assert.match(elementsReference(changed) as string, /\| `made-up` \| `madeUp` \| `string` \|  \| A \\\| pipe and a line break\. \|/);
  });

  it('replaces only what is between the markers, and refuses a page without them', () => {
    const page = `guide\n${START_MARKER}\nold\n${END_MARKER}\n`;
    assert.equal(withElementsReference(page, 'new'), `guide\n${START_MARKER}\nnew\n${END_MARKER}\n`);
    assert.throws(() => withElementsReference('no markers', 'x'), /markers/);
  });
});
