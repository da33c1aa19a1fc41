// Package hygiene: no ML library anywhere, exports maps with types first, the CLI bin present.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;
const pkgs = ['package.json', 'packages/core/package.json', 'packages/etl-node/package.json', 'packages/components/package.json'].map((p) => ({
  path: p,
  json: JSON.parse(readFileSync(root + p, 'utf8')),
}));
const ML = /^(@tensorflow\/|onnxruntime|brain\.js$|ml-|@xenova\/|@huggingface\/|synaptic$|ml5$|danfojs|prophet|arima|statsforecast|lightgbm|xgboost|sklearn|scikit|@mlc-ai\/|natural$|limdu$|neataptic$|convnetjs$|mathjs-ml)/;

describe('packages', () => {
  for (const { path, json } of pkgs) {
    it(`${path} lists no ML library`, () => {
      const deps = Object.keys({ ...json.dependencies, ...json.devDependencies, ...json.peerDependencies, ...json.optionalDependencies });
      assert.deepEqual(deps.filter((d) => ML.test(d)), []);
    });
  }
  it('the lockfile holds no ML library either', () => {
    const lock = JSON.parse(readFileSync(root + 'package-lock.json', 'utf8'));
    const names = Object.keys(lock.packages).map((p) => p.replace(/^.*node_modules\//, ''));
    assert.deepEqual(names.filter((n) => ML.test(n)), []);
  });
  for (const { path, json } of pkgs.slice(1)) {
    it(`${path} exports put types first`, () => {
      for (const [k, v] of Object.entries<any>(json.exports)) {
        if (typeof v === 'object') assert.equal(Object.keys(v)[0], 'types', `${k} of ${path}`);
      }
    });
  }
  it('etl-node declares the nova-etl bin and its runtime dependencies only', () => {
    const etl = pkgs[2].json;
    assert.equal(etl.bin['nova-etl'], './bin/nova-etl.js');
    assert.deepEqual(Object.keys(etl.dependencies).sort(), ['@aws-sdk/client-s3', '@duckdb/node-api', '@nova-corrente/core', 'csv-parse', 'exceljs', 'iconv-lite']);
  });
  it('core keeps one apache-arrow version (duckdb-wasm silently inserts nothing with two)', () => {
    const lock = JSON.parse(readFileSync(root + 'package-lock.json', 'utf8'));
    const versions = new Set(Object.entries<any>(lock.packages).filter(([p]) => p.endsWith('node_modules/apache-arrow')).map(([, v]) => v.version));
    assert.deepEqual([...versions], ['17.0.0']);
  });
});
