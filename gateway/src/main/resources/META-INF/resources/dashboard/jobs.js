// Jobs: start a prune job, follow every job's progress live from /api/events, cancel a job, and draw
// a training job's loss and accuracy against epoch from the training records its progress events carry.

import { api, apiKey, followEvents } from './api.js';
import { chart, element, options, row, showError } from './view.js';

const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const RECONNECT_MILLIS = 2000;
const LOGGED_EVENTS = 100;

let section = null;
let stream = null;
let methods = [];
/** Jobs by id: the API's view of each, with the progress reports and training records the stream brought. */
const jobs = new Map();
/** The job whose training the user picked; null: the newest job that reports training. */
let trainingChoice = null;

export async function show(page) {
  if (!section) {
    section = page;
    document.getElementById('job-form').addEventListener('submit', start);
    document.getElementById('job-method').addEventListener('change', describeMethod);
    document.getElementById('training-job').addEventListener('change', event => {
      trainingChoice = event.target.value;
      render();
    });
  }
  if (!stream) {
    follow();
  }
  const [models, catalog] = await Promise.all([api('/api/models'), api('/api/pruning-methods')]);
  methods = catalog;
  options(document.getElementById('job-model'), models.map(model => [model.id, `${model.name} (${model.id.slice(0, 8)})`]));
  options(document.getElementById('job-method'), methods.map(method => [method.name, `${method.name} (${method.kind})`]));
  describeMethod();
  render();
}

/** Follows the stream again with the current key, if it was followed. */
export function restartStream() {
  if (stream) {
    stream.abort();
    stream = null;
    if (section) {
      follow();
    }
  }
}

function follow() {
  const state = document.getElementById('stream-state');
  if (!apiKey()) {
    state.textContent = 'live events: waiting for a key';
    return;
  }
  const controller = new AbortController();
  stream = controller;
  state.textContent = 'live events: connecting';
  followEvents('/api/events', onEvent, controller.signal, () => { state.textContent = 'live events: following /api/events'; })
    .then(() => {
      state.textContent = 'live events: the stream ended; reconnecting';
      setTimeout(() => { if (stream === controller) { follow(); } }, RECONNECT_MILLIS);
    })
    .catch(error => {
      if (controller.signal.aborted) {
        return;
      }
      stream = null;
      state.textContent = `live events: ${error.message}`;
      showError(section, error);
    });
}

function onEvent(event) {
  log(event);
  const data = event.data;
  if (!data.jobId) {
    return;
  }
  let job = jobs.get(data.jobId);
  if (!job) {
    // A job started elsewhere, or one whose events came before this page's request was answered.
    job = { id: data.jobId, status: 'PENDING', percent: 0, progress: [], training: [] };
    jobs.set(job.id, job);
    refresh(job.id);
  }
  if (event.type === 'PruneProgressed') {
    job.status = FINISHED.includes(job.status) ? job.status : 'RUNNING';
    job.percent = data.percent;
    job.stage = data.stage;
    job.progress.push([data.occurredAt, data.percent]);
    if (data.training) {
      job.training.push(data.training);
    }
  } else if (['PruneSucceeded', 'PruneFailed', 'PruneCancelled'].includes(event.type)) {
    refresh(job.id);
  }
  render();
}

/** The API's view of a job with what the stream brought for it so far. */
function withStreamed(view) {
  const known = jobs.get(view.id);
  return { ...view, progress: known ? known.progress : [], training: known ? known.training : [] };
}

async function refresh(id) {
  try {
    const view = await api(`/api/prune-jobs/${encodeURIComponent(id)}`);
    jobs.set(id, withStreamed(view));
  } catch (error) {
    showError(section, error);
  }
  render();
}

function log(event) {
  const list = document.getElementById('event-log');
  const data = event.data;
  const subject = data.jobId || data.modelId || '';
  const detail = event.type === 'PruneProgressed' ? ` ${data.percent.toFixed(1)}% ${data.stage}`
    : event.type === 'EvaluationProgressed' ? ` ${data.percent.toFixed(1)}%`
      : data.error ? ` ${data.error}` : '';
  list.prepend(element('li', `${data.occurredAt} ${event.type} ${subject}${detail}`, { 'data-type': event.type }));
  while (list.children.length > LOGGED_EVENTS) {
    list.lastElementChild.remove();
  }
}

function describeMethod() {
  const method = methods.find(m => m.name === document.getElementById('job-method').value);
  document.getElementById('job-method-description').textContent = method
    ? `${method.description} Parameters: ${Object.keys(method.parameters?.properties || {}).join(', ')}.` : '';
}

async function start(event) {
  event.preventDefault();
  showError(section, null);
  const form = event.target;
  let params;
  try {
    params = JSON.parse(form.params.value);
  } catch (notJson) {
    showError(section, new Error(`the parameters are not JSON: ${notJson.message}`));
    return;
  }
  try {
    const job = await api('/api/prune-jobs', { method: 'POST', body: { modelId: form.modelId.value, method: form.method.value, params } });
    // Its events may have come first and brought it further than this answer says.
    if (!jobs.has(job.id)) {
      jobs.set(job.id, { ...job, progress: [], training: [] });
    }
    render();
  } catch (error) {
    showError(section, error);
  }
}

async function cancel(id) {
  showError(section, null);
  try {
    const view = await api(`/api/prune-jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    jobs.set(id, withStreamed(view));
    render();
  } catch (error) {
    showError(section, error);
  }
}

function render() {
  if (!section) {
    return;
  }
  const body = section.querySelector('#jobs-table tbody');
  body.replaceChildren();
  for (const job of [...jobs.values()].reverse()) {
    const bar = element('progress', null, { max: '100', value: String(job.percent ?? 0) });
    const progress = element('span', [bar, ` ${(job.percent ?? 0).toFixed(1)}%`]);
    const result = job.resultModelId ? element('a', job.resultModelId.slice(0, 8), { href: `#evaluation/${job.resultModelId}` })
      : (job.error || '');
    const button = element('button', 'Cancel', { type: 'button', class: 'cancel' });
    button.disabled = FINISHED.includes(job.status);
    button.addEventListener('click', () => cancel(job.id));
    const tr = row([job.id.slice(0, 8), job.method || '', job.status, progress, job.stage || '', result, button]);
    tr.dataset.jobId = job.id;
    tr.dataset.status = job.status;
    body.append(tr);
  }
  if (!section.hidden) {
    chart('progress-chart', {
      title: { text: 'progress of the jobs as reported', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 28, type: 'scroll' },
      grid: { top: 70 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0, max: 100, name: '%' },
      series: [...jobs.values()].map(job => ({ name: `${job.method || ''} ${job.id.slice(0, 8)}`, type: 'line',
        data: job.progress, showSymbol: true })),
    });
    renderTraining();
  }
}

/** Where a training record sits on the epoch axis: a batch within its epoch, an epoch's end at the epoch. */
function epochPosition(record) {
  return record.batch === null ? record.epoch : (record.epoch - 1) + record.batch / record.batches;
}

/**
 * The chosen job's training: per stage (a fine-tuning, each round), the loss of each reported batch as
 * points and of each epoch as a line (left axis), the training accuracy of the epoch so far and the
 * held-out accuracy after each epoch (right axis), every figure as its event carried it.
 */
function renderTraining() {
  const trained = [...jobs.values()].filter(job => job.training.length > 0).reverse();
  const select = document.getElementById('training-job');
  options(select, trained.map(job => [job.id, `${job.method || ''} ${job.id.slice(0, 8)}`]));
  if (trainingChoice === null && trained.length > 0) {
    select.value = trained[0].id;
  }
  const job = jobs.get(select.value);
  const series = [];
  const stages = job ? [...new Set(job.training.map(record => record.stage))] : [];
  for (const stage of stages) {
    const records = job.training.filter(record => record.stage === stage);
    const batches = records.filter(record => record.batch !== null);
    const ends = records.filter(record => record.batch === null);
    const heldOut = ends.filter(record => record.heldOutAccuracy !== null);
    series.push(
      { name: `${stage}: batch loss`, type: 'scatter', yAxisIndex: 0, symbolSize: 5,
        data: batches.map(record => [epochPosition(record), record.loss]) },
      { name: `${stage}: epoch loss`, type: 'line', yAxisIndex: 0, showSymbol: true,
        data: ends.map(record => [record.epoch, record.loss]) },
      { name: `${stage}: train accuracy`, type: 'line', yAxisIndex: 1, showSymbol: true,
        data: records.map(record => [epochPosition(record), record.trainAccuracy]) },
      { name: `${stage}: held-out accuracy`, type: 'line', yAxisIndex: 1, showSymbol: true, lineStyle: { type: 'dashed' },
        data: heldOut.map(record => [record.epoch, record.heldOutAccuracy]) });
  }
  const epochs = job ? Math.max(...job.training.map(record => record.epochs)) : 1;
  chart('training-chart', {
    title: { text: job ? `training of ${job.method || 'job'} ${job.id.slice(0, 8)}: loss and accuracy against epoch`
      : 'no job has reported training yet', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item' },
    legend: { top: 28, type: 'scroll' },
    grid: { top: 80, right: 70 },
    xAxis: { type: 'value', name: 'epoch', min: 0, max: epochs },
    yAxis: [
      { type: 'value', name: 'loss', min: 0 },
      { type: 'value', name: 'accuracy', min: 0, max: 1, axisLabel: { formatter: value => `${Math.round(100 * value)}%` } },
    ],
    series,
  });
}
