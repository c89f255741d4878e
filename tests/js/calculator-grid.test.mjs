// The page's calculator agrees with Rust over the whole input grid (every band edge × level ×
// organisation type × IT arrangement × certificate × failed items).
//
// Expected results come from the Rust implementation: `normsite hours --grid` prints the rule
// set and every case with its result. The rules the script runs on are the file the build
// publishes (`api/hours/<version>.json`) when HOURS_RULES_FILE names it (the Rust driver
// `tests/hours_js.rs` builds the site and sets it); otherwise the rules printed with the grid.
//
// Run:  cargo test --test hours_js           (builds, then runs this file with node)
//  or:  cargo build && node --test tests/js/ (uses target/debug/normsite)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { calculate, inputFrom } from '../../themes/default/static/js/calculator.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.NORMSITE_BIN || path.join(repo, 'target/debug/normsite');
const grid = JSON.parse(
  execFileSync(bin, ['hours', '--grid', '--root', process.env.HOURS_ROOT || repo], { maxBuffer: 1 << 30 }).toString(),
);
const rules = process.env.HOURS_RULES_FILE ? JSON.parse(readFileSync(process.env.HOURS_RULES_FILE, 'utf8')) : grid.rules;

test('the published rules are the rules the grid was computed with', () => {
  assert.deepEqual(rules, grid.rules);
});

test('the grid covers every band of every table', () => {
  for (const [org, bands] of Object.entries(rules.base_hours)) {
    for (const b of bands) {
      assert.ok(grid.cases.some((c) => c.input.org_type === org && c.input.fte === b.from), `${org} FTE ${b.from}`);
    }
  }
  for (const bands of Object.values(rules.extra_hours)) {
    for (const b of bands) {
      assert.ok(grid.cases.some((c) => c.input.locations === b.from && c.input.legal_entities === 1), `${b.from} locations`);
      assert.ok(grid.cases.some((c) => c.input.legal_entities === b.from && c.input.locations === 1), `${b.from} legal entities`);
    }
  }
  assert.ok(grid.cases.length > 10000, `${grid.cases.length} cases`);
});

test('JavaScript gives the identical result for every case of the grid', () => {
  let compared = 0;
  for (const c of grid.cases) {
    const got = calculate(rules, c.input);
    if (c.errors) {
      assert.deepEqual(got.errors?.map((e) => e.field), c.errors.map((e) => e.field), JSON.stringify(c.input));
    } else {
      assert.equal(got.errors, null, JSON.stringify(c.input));
      assert.deepStrictEqual(got.result, c.result, JSON.stringify(c.input));
    }
    compared += 1;
  }
  assert.equal(compared, grid.cases.length);
});

test('bad input gives the same refusals as Rust', () => {
  const base = { level: 'QM20', org_type: 'supplier', fte: 30, locations: 3, legal_entities: 1, it: 'central', certified: 'none', failed_items: 0 };
  const cases = [
    [{ fte: 0 }, ['fte']],
    [{ fte: NaN }, ['fte']],
    [{ fte: 2.5 }, ['fte']],
    [{ locations: 0, legal_entities: -1 }, ['locations', 'legal_entities']],
    [{ level: 'QM40', certified: 'iso9001' }, ['level', 'certified']],
    [{ org_type: 'bank', it: 'cloud' }, ['org_type', 'it']],
    [{ failed_items: rules.reassessment.max_items + 1 }, ['failed_items']],
    [{ level: 'toString' }, ['level']],
  ];
  for (const [change, fields] of cases) {
    const got = calculate(rules, { ...base, ...change });
    assert.equal(got.result, null, JSON.stringify(change));
    assert.deepEqual(got.errors.map((e) => e.field), fields, JSON.stringify(change));
  }
});

test('query-string values are read as whole numbers only', () => {
  const params = new URLSearchParams('level=QM20&org_type=supplier&fte=30&locations=3&legal_entities=1&it=central&certified=none&failed_items=0');
  const input = inputFrom((k) => params.get(k));
  assert.deepEqual(input, { level: 'QM20', org_type: 'supplier', fte: 30, locations: 3, legal_entities: 1, it: 'central', certified: 'none', failed_items: 0 });
  assert.equal(calculate(rules, input).result.total_hours, 24);
  for (const bad of ['-1', '1e2', '2.5', '', ' ', 'abc']) {
    assert.ok(Number.isNaN(inputFrom((k) => (k === 'fte' ? bad : params.get(k))).fte), bad);
  }
  assert.ok(Number.isNaN(inputFrom(() => null).fte), 'missing value');
});
