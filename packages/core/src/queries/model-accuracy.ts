import type { Snapshot } from '../client/snapshot.js';
import { NO_ERRORS, PLAN_SOURCE, addErrorSums, bias, mape, wape, type ErrorSums } from '../contract/index.js';
import type { Row } from '../io/parquet-reader.js';
import type { ModelAccuracyQuery, ModelAccuracyResult, ModelScore } from '../types.js';
import { requirePlanRollups } from './summary.js';
import { checkOptString } from './validate.js';

/** Summable parts of one `agg_model` row. */
interface Parts {
  itemSites: number;
  selected: number;
  errors: ErrorSums;
  beatActual: number;
  beatAbs: number;
  runnerAbs: number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const none = (): Parts => ({ itemSites: 0, selected: 0, errors: { ...NO_ERRORS }, beatActual: 0, beatAbs: 0, runnerAbs: 0 });

function add(p: Parts, r: Row): Parts {
  return {
    itemSites: p.itemSites + num(r.item_sites),
    selected: p.selected + num(r.selected),
    errors: addErrorSums(p.errors, {
      actual: num(r.scored_actual), forecast: num(r.forecast_with_actual), absError: num(r.abs_error), apeSum: num(r.ape_sum), apeCount: num(r.ape_count),
    }),
    beatActual: p.beatActual + num(r.beat_actual),
    beatAbs: p.beatAbs + num(r.beat_abs_error),
    runnerAbs: p.runnerAbs + num(r.runner_up_abs_error),
  };
}

function score(snap: Snapshot, source: string, p: Parts): ModelScore {
  const own = wape({ absError: p.beatAbs, actual: p.beatActual });
  const runner = wape({ absError: p.runnerAbs, actual: p.beatActual });
  const ml = snap.manifest.ml.find((m) => m.source === source);
  return {
    source,
    meta: ml ? { source: ml.source, model_version: ml.model_version, generated_at: ml.generated_at, dataset_id: ml.dataset_id } : null,
    itemSites: p.itemSites,
    selected: p.selected,
    wape: wape(p.errors),
    mape: mape(p.errors),
    bias: bias(p.errors),
    beatRunnerUpBy: own === null || runner === null ? null : runner - own,
  };
}

/** Scores per source (manifest order) and the plan, from `agg_model` rows of one scope. */
function scores(snap: Snapshot, rows: Row[]): { plan: ModelScore; sources: ModelScore[] } {
  const by = new Map<string, Parts>();
  for (const r of rows) by.set(r.source as string, add(by.get(r.source as string) ?? none(), r));
  return {
    plan: score(snap, PLAN_SOURCE, by.get(PLAN_SOURCE) ?? none()),
    sources: snap.manifest.ml.map((m) => score(snap, m.source, by.get(m.source) ?? none())),
  };
}

/**
 * `modelAccuracy()`: WAPE, MAPE and bias of each forecast source and of the plan over the error
 * window, overall and per item category, with how often each source was selected and by how much
 * it beat the runner-up where it was. Sums the components of `agg_model`; reads no fact file.
 */
export async function modelAccuracy(snap: Snapshot, q: ModelAccuracyQuery, signal?: AbortSignal): Promise<ModelAccuracyResult> {
  const category = checkOptString(q.category, 'category');
  requirePlanRollups(snap, 'modelAccuracy()');
  const all = await snap.table('agg_model', signal);
  const rows = category === undefined ? all : all.filter((r) => r.category === category);
  const categories = [...new Set(rows.map((r) => r.category as string))].sort();
  const first = rows[0];
  return {
    windowStart: (first?.window_start as string | null | undefined) ?? null,
    windowEnd: (first?.window_end as string | null | undefined) ?? null,
    ...scores(snap, rows),
    byCategory: categories.map((c) => ({ category: c, ...scores(snap, rows.filter((r) => r.category === c)) })),
  };
}
