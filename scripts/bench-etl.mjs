#!/usr/bin/env node
// ETL benchmark on the 5,000-item demo (a script, not a timed test). Generates the raw demo once
// (5,000 items × 1,095 days, seed 42, as of 2026-10-31), then runs the plain-DuckDB floor and
// `nova-etl build` alternately, 3 times each, and prints their medians side by side: wall and CPU
// time, peak RSS, disk, the build's stages, and build/floor against the target (≤ 4× the floor,
// ≤ 2 GB). See scripts/bench-etl/bench.mjs.
// Options (or NOVA_BENCH_<NAME> variables): --items N --days D --seed S --as-of YYYY-MM-DD --runs R
// --memory-limit SIZE --threads N --dir DIR (work there, kept) --raw DIR (build an existing demo raw folder,
// generation not timed) --keep.
// Exit code: 0 when every run succeeded (targets missed are reported, not fatal), 1 otherwise.
import { parseArgs } from 'node:util';
import { benchOptions, runBench } from './bench-etl/bench.mjs';

const o = benchOptions(parseArgs, { items: '5000', days: '1095', runs: '3' });
process.exitCode = await runBench({ ...o, title: 'nova-etl build benchmark', targets: { ratio: 4, peakBytes: 2 * 1024 ** 3 } });
