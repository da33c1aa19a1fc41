// Search normalisation on both sides (NFKC, invisible characters, accents, case) and invisible
// characters removed for display.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchFold, stripInvisible } from '../src/text.js';
import { createClient } from '../src/node/index.js';
// @ts-expect-error -- plain ESM helper without types
import { goldDir } from './support/reference.mjs';

test('searchFold: NFKC, no invisible characters, no accents, lower case', () => {
  assert.equal(searchFold('Para\u200Bfuso'), 'parafuso', 'zero-width space');
  assert.equal(searchFold('\u202Eexe.live'), 'exe.live', 'right-to-left override');
  assert.equal(searchFold('\uFF2D\uFF21\uFF34\uFF0D\uFF10\uFF10\uFF11'), 'mat-001', 'full-width letters, digits and hyphen');
  assert.equal(searchFold('A\u00C7O GALVANIZADO'), 'aco galvanizado', 'accents');
  assert.equal(searchFold('\uFB01xa\u00ADdor'), 'fixador', 'ligature fi and soft hyphen');
  assert.equal(searchFold('CABO 70MM\u00B2'), 'cabo 70mm2', 'superscript two');
  assert.equal(stripInvisible('\u2066x\u2069\uFEFF'), 'x', 'isolates and BOM');
});

test('items({ search }): zero-width and full-width typing finds the same items as plain typing', async () => {
  const nova = await createClient({ url: goldDir() });
  const plain = await nova.items({ search: 'MAT-000001', fields: ['name'] });
  assert.ok(plain.total >= 1, 'the plain search finds the item');
  for (const typed of ['MAT\u200B-000001', '\u2068MAT-000001\u2069', '\uFF2D\uFF21\uFF34\uFF0D\uFF10\uFF10\uFF10\uFF10\uFF10\uFF11']) {
    assert.deepEqual(await nova.items({ search: typed, fields: ['name'] }), plain, JSON.stringify(typed));
  }
  await nova.close();
});
