// Contract versions compare by their numbers: a string comparison would put a future
// nova-gold/1.10 before 1.4 and read its gold as if it lacked every column added since 1.2.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CONTRACTS, columnsInVersion, contractVersion, tableInVersion, TABLES, versionAtLeast, type ContractVersion } from '../src/contract/index.ts';

const v = (s: string) => s as ContractVersion;

test('versionAtLeast compares major and minor as numbers', () => {
  assert.equal(versionAtLeast(v('1.4'), v('1.2')), true);
  assert.equal(versionAtLeast(v('1.2'), v('1.4')), false);
  assert.equal(versionAtLeast(v('1.3'), v('1.3')), true);
  assert.equal(versionAtLeast(v('1.10'), v('1.4')), true, '1.10 is after 1.4');
  assert.equal(versionAtLeast(v('1.4'), v('1.10')), false);
  assert.equal(versionAtLeast(v('2.0'), v('1.4')), true);
  assert.equal(versionAtLeast(v('1.9'), v('2.0')), false);
});

test('each contract version reads every column and table of the versions before it', () => {
  const versions = CONTRACTS.map((c) => contractVersion(c)!);
  assert.deepEqual(versions, ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5']);
  for (const name of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
    for (let i = 1; i < versions.length; i++) {
      const before = columnsInVersion(name, versions[i - 1]).map((c) => c.name);
      const now = columnsInVersion(name, versions[i]).map((c) => c.name);
      assert.ok(before.every((c) => now.includes(c)), `${name}: ${versions[i]} keeps ${versions[i - 1]}'s columns`);
      if (tableInVersion(TABLES[name], versions[i - 1])) assert.ok(tableInVersion(TABLES[name], versions[i]), `${name} stays in ${versions[i]}`);
    }
  }
  // agg_item's label columns came with 1.4 (docs/contract.md): present in 1.4, absent in 1.3.
  assert.ok(columnsInVersion('agg_item', v('1.4')).some((c) => c.name === 'name'));
  assert.ok(!columnsInVersion('agg_item', v('1.3')).some((c) => c.name === 'name'));
});
