// Methods: how accuracy falls with sparsity for each method and recovery, and the CARD frontier,
// from the models the platform has and their latest evaluations.

import { api } from './api.js';
import { chart, latestEvaluations, percent, sparsity } from './view.js';

export async function show() {
  const [models, evaluations] = await Promise.all([api('/api/models'), api('/api/evaluations')]);
  const latest = latestEvaluations(evaluations);
  const evaluated = models
    .map(model => ({ model, evaluation: latest.get(model.id) }))
    .filter(entry => entry.evaluation && entry.evaluation.cleanAccuracy != null && sparsity(entry.model) != null);
  drawSparsity(evaluated.filter(entry => entry.model.lineage));
  drawFrontier(evaluated.filter(entry => entry.evaluation.robustAccuracy != null));
}

/** The method and its recovery, as the lineage records them (e.g. "magnitude + finetune"). */
export function recipe(lineage) {
  const recovery = lineage.parameters?.recovery;
  const kind = recovery && (typeof recovery === 'string' ? recovery : recovery.type);
  return kind ? `${lineage.method} + ${kind}` : lineage.method;
}

function drawSparsity(pruned) {
  const byRecipe = new Map();
  for (const entry of pruned) {
    const name = recipe(entry.model.lineage);
    byRecipe.set(name, [...(byRecipe.get(name) || []), entry]);
  }
  const series = [];
  for (const [name, entries] of byRecipe) {
    entries.sort((a, b) => sparsity(a.model) - sparsity(b.model));
    const point = (entry, accuracy) => ({ value: [sparsity(entry.model), accuracy], name: entry.model.name });
    series.push({ name: `${name} clean`, type: 'line', symbolSize: 7,
      data: entries.map(entry => point(entry, entry.evaluation.cleanAccuracy)) });
    if (entries.some(entry => entry.evaluation.robustAccuracy != null)) {
      series.push({ name: `${name} robust`, type: 'line', symbolSize: 7, lineStyle: { type: 'dashed' },
        data: entries.filter(entry => entry.evaluation.robustAccuracy != null)
          .map(entry => point(entry, entry.evaluation.robustAccuracy)) });
    }
  }
  chart('sparsity-chart', {
    title: { text: pruned.length ? 'accuracy against sparsity' : 'no pruned model is evaluated yet', left: 'center',
      textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: p => `${p.data.name} (${p.seriesName}): ${percent(p.value[1])} at ${percent(p.value[0])} sparsity` },
    legend: { top: 28, type: 'scroll' },
    grid: { top: 80 },
    xAxis: { type: 'value', name: 'sparsity', nameLocation: 'center', nameGap: 28, min: 0, max: 1,
      axisLabel: { formatter: v => `${Math.round(100 * v)}%` } },
    yAxis: { type: 'value', name: 'accuracy', min: 0, max: 1, axisLabel: { formatter: v => `${Math.round(100 * v)}%` } },
    series,
  });
}

/** The models that no model with as few or fewer non-zero weights beats in robust accuracy, smallest first. */
function frontier(entries) {
  const bySize = [...entries].sort((a, b) => a.model.nonZeroParameters - b.model.nonZeroParameters
    || b.evaluation.robustAccuracy - a.evaluation.robustAccuracy);
  const kept = [];
  for (const entry of bySize) {
    if (kept.length === 0 || entry.evaluation.robustAccuracy > kept[kept.length - 1].evaluation.robustAccuracy) {
      kept.push(entry);
    }
  }
  return kept;
}

function drawFrontier(entries) {
  const point = entry => ({ value: [entry.model.nonZeroParameters, entry.evaluation.robustAccuracy], name: entry.model.name });
  chart('frontier-chart', {
    title: { text: 'robust accuracy against non-zero weights', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: p => `${p.data.name}: ${percent(p.value[1])} robust, ${p.value[0].toLocaleString('en')} non-zero` },
    legend: { top: 28 },
    grid: { top: 70 },
    xAxis: { type: 'log', name: 'non-zero weights', nameLocation: 'center', nameGap: 28 },
    yAxis: { type: 'value', name: 'robust accuracy', axisLabel: { formatter: v => `${Math.round(100 * v)}%` } },
    series: [
      { name: 'models', type: 'scatter', symbolSize: 9, data: entries.map(point) },
      { name: 'frontier', type: 'line', step: 'end', data: frontier(entries).map(point) },
    ],
  });
}
