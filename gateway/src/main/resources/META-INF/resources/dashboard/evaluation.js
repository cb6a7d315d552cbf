// A model's evaluation: its figures, the corruption x severity heat-map of accuracies, the mean
// accuracy per corruption family beside the clean accuracy, the reliability diagram of the clean
// images, and its corruption errors against a chosen baseline model (mCE).

import { api, download } from './api.js';
import { chart, count, element, figures, options, percent, showError } from './view.js';

let wired = false;
let families = null;
let shownEvaluation = null;

export async function show(section, [modelId, baselineId]) {
  if (!wired) {
    const select = document.getElementById('evaluation-model');
    const baselineSelect = document.getElementById('evaluation-baseline');
    const choose = () => {
      location.hash = `#evaluation/${select.value}${baselineSelect.value ? `/${baselineSelect.value}` : ''}`;
    };
    select.addEventListener('change', choose);
    baselineSelect.addEventListener('change', choose);
    document.getElementById('evaluation-csv').addEventListener('click', () => saveCsv(section));
    wired = true;
  }
  const models = await api('/api/models');
  families = families || await api('/api/corruption-families');
  const select = document.getElementById('evaluation-model');
  const choices = models.map(model => [model.id, `${model.name} (${model.id.slice(0, 8)})`]);
  options(select, choices);
  if (modelId) {
    select.value = modelId;
  }
  const baselineSelect = document.getElementById('evaluation-baseline');
  options(baselineSelect, [['', 'none'], ...choices]);
  baselineSelect.value = baselineId || '';
  document.getElementById('corruption-error-chart').hidden = true;
  const model = models.find(m => m.id === select.value);
  const list = document.getElementById('evaluation-figures');
  shownEvaluation = null;
  if (!model) {
    figures(list, [['model', 'no models are registered yet']]);
    return;
  }
  const evaluations = (await api(`/api/evaluations?modelId=${encodeURIComponent(model.id)}`))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (evaluations.length === 0) {
    figures(list, [['evaluation', 'none yet: it starts when the model is registered']]);
    drawCells({ cells: [] });
    drawCalibration({ calibrationBins: [] });
    return;
  }
  shownEvaluation = await api(`/api/evaluations/${encodeURIComponent(evaluations[0].id)}`);
  const e = shownEvaluation;
  figures(list, [
    ['evaluation', `${e.id} (${e.status})`],
    ['dataset', `${e.dataset}, ${count(e.samplesPerCell)} images per cell`],
    ['clean accuracy', percent(e.cleanAccuracy)],
    ['robust accuracy', percent(e.robustAccuracy)],
    ['expected calibration error', percent(e.expectedCalibrationError)],
    ['mean negative log-likelihood', e.meanNegativeLogLikelihood?.toFixed(4) ?? ''],
    ['weights (non-zero)', `${count(e.parameters)} (${count(e.nonZeroParameters)})`],
    ['latency', e.latencyMillisPerImage ? `${e.latencyMillisPerImage.toFixed(3)} ms per image` : ''],
    ...(e.status === 'SUCCEEDED' && e.calibrationBins.length === 0
      ? [['reliability diagram', 'not stored with this evaluation (it predates them)']] : []),
    ...(e.error ? [['error', e.error]] : []),
  ]);
  drawCells(e);
  drawCalibration(e);
  if (baselineSelect.value) {
    await compareWithBaseline(e, models.find(m => m.id === baselineSelect.value), list);
  }
}

/** mCE and relative mCE against the baseline model's latest evaluation, and each corruption's CE as bars. */
async function compareWithBaseline(evaluation, baseline, list) {
  const baselineEvaluations = (await api(`/api/evaluations?modelId=${encodeURIComponent(baseline.id)}`))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (baselineEvaluations.length === 0) {
    list.append(element('dt', 'mCE'), element('dd', `the baseline ${baseline.name} has no evaluation yet`));
    return;
  }
  const comparison = await api(`/api/evaluations/${encodeURIComponent(evaluation.id)}/corruption-errors`
    + `?baseline=${encodeURIComponent(baselineEvaluations[0].id)}`);
  list.append(element('dt', 'baseline'), element('dd', `${baseline.name} (evaluation ${comparison.baselineEvaluationId})`),
    element('dt', 'mCE'), element('dd', percent(comparison.meanCorruptionError)),
    element('dt', 'relative mCE'), element('dd', percent(comparison.relativeMeanCorruptionError)));
  const dom = document.getElementById('corruption-error-chart');
  dom.hidden = false;
  chart('corruption-error-chart', {
    title: { text: "corruption error per standard corruption (100% = the baseline's errors)", left: 'center',
      textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: percent },
    legend: { top: 28 },
    grid: { top: 70, bottom: 90 },
    xAxis: { type: 'category', data: comparison.corruptions.map(c => c.corruption), axisLabel: { rotate: 40 } },
    yAxis: { type: 'value', axisLabel: { formatter: v => `${Math.round(100 * v)}%` } },
    series: [
      { name: 'CE', type: 'bar', data: comparison.corruptions.map(c => c.corruptionError),
        markLine: { symbol: 'none', label: { formatter: 'baseline' }, data: [{ yAxis: 1 }] } },
      { name: 'relative CE', type: 'bar', data: comparison.corruptions.map(c => c.relativeCorruptionError) },
    ],
  });
}

/** The corruptions of the cells, family by family in report order, then any the families do not name. */
function corruptionOrder(cells) {
  const present = new Set(cells.map(cell => cell.corruption));
  const ordered = families.flatMap(f => f.corruptions).filter(c => present.has(c));
  return [...ordered, ...[...present].filter(c => !ordered.includes(c)).sort()];
}

function drawCells(evaluation) {
  const cells = evaluation.cells || [];
  const corruptions = corruptionOrder(cells);
  const severities = [...new Set(cells.map(cell => cell.severity))].sort((a, b) => a - b);
  chart('heatmap-chart', {
    title: { text: 'accuracy per corruption and severity', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { formatter: p => `${corruptions[p.value[1]]}, severity ${severities[p.value[0]]}: ${percent(p.value[2])}` },
    grid: { left: 140, right: 90, top: 40, bottom: 40 },
    xAxis: { type: 'category', name: 'severity', nameLocation: 'center', nameGap: 25, data: severities.map(String) },
    yAxis: { type: 'category', data: corruptions, inverse: true },
    visualMap: { min: 0, max: 1, calculable: true, orient: 'vertical', right: 10, top: 'center',
      inRange: { color: ['#b2182b', '#f7f7a0', '#1a9850'] }, formatter: v => percent(v) },
    series: [{
      name: 'accuracy',
      type: 'heatmap',
      data: cells.map(cell => [severities.indexOf(cell.severity), corruptions.indexOf(cell.corruption), cell.accuracy]),
      label: { show: true, formatter: p => (100 * p.value[2]).toFixed(0) },
    }],
  });
  const groups = families.map(f => ({ name: f.family, cells: cells.filter(cell => f.corruptions.includes(cell.corruption)) }))
    .filter(group => group.cells.length > 0);
  const mean = list => list.reduce((sum, cell) => sum + cell.accuracy, 0) / list.length;
  chart('family-chart', {
    title: { text: 'mean accuracy per corruption family', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { valueFormatter: percent },
    xAxis: { type: 'category', data: groups.map(group => group.name) },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => `${100 * v}%` } },
    series: [{
      name: 'mean accuracy',
      type: 'bar',
      data: groups.map(group => mean(group.cells)),
      label: { show: true, position: 'top', formatter: p => percent(p.value) },
      markLine: evaluation.cleanAccuracy == null ? undefined : {
        symbol: 'none',
        label: { formatter: `clean ${percent(evaluation.cleanAccuracy)}` },
        data: [{ yAxis: evaluation.cleanAccuracy }],
      },
    }],
  });
}

/**
 * The reliability diagram of the clean images: per confidence bin, the accuracy (bars) and mean confidence
 * (points) against the diagonal a calibrated model follows, and below it how many images fell in each bin.
 * The bins are equally wide, so the line through their middles is the diagonal; an empty bin has no bar.
 */
function drawCalibration(evaluation) {
  const bins = evaluation.calibrationBins || [];
  const dom = document.getElementById('calibration-chart');
  dom.hidden = bins.length === 0;
  if (bins.length === 0) {
    return;
  }
  const ranges = bins.map(bin => `${bin.lower.toFixed(2)}-${bin.upper.toFixed(2)}`);
  const share = { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => `${Math.round(100 * v)}%` } };
  chart('calibration-chart', {
    title: { text: `reliability diagram of the clean images (expected calibration error ${
      percent(evaluation.expectedCalibrationError)})`, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 28 },
    grid: [{ top: 70, bottom: '38%' }, { top: '70%', bottom: 60 }],
    xAxis: [
      { type: 'category', gridIndex: 0, data: ranges, axisLabel: { show: false } },
      { type: 'category', gridIndex: 1, data: ranges, name: 'confidence', nameLocation: 'center', nameGap: 40,
        axisLabel: { rotate: 30 } },
    ],
    yAxis: [
      { ...share, gridIndex: 0, name: 'accuracy' },
      { type: 'value', gridIndex: 1, name: 'images' },
    ],
    series: [
      { name: 'accuracy', type: 'bar', barCategoryGap: '4%', data: bins.map(bin => (bin.count > 0 ? bin.accuracy : null)),
        tooltip: { valueFormatter: percent } },
      { name: 'mean confidence', type: 'scatter', data: bins.map(bin => (bin.count > 0 ? bin.confidence : null)),
        tooltip: { valueFormatter: percent } },
      { name: 'calibrated (accuracy = confidence)', type: 'line', symbol: 'none', lineStyle: { type: 'dashed' },
        data: bins.map(bin => (bin.lower + bin.upper) / 2), tooltip: { valueFormatter: percent } },
      { name: 'images', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barCategoryGap: '4%', itemStyle: { color: '#8c8c8c' },
        data: bins.map(bin => bin.count), label: { show: true, position: 'top' } },
    ],
  });
}

async function saveCsv(section) {
  if (!shownEvaluation) {
    return;
  }
  try {
    const blob = await download(`/api/evaluations/${encodeURIComponent(shownEvaluation.id)}?format=csv`, 'text/csv');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `evaluation-${shownEvaluation.id}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    showError(section, error);
  }
}
