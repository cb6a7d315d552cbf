// Models: the registry as a lineage tree (upload or zoo model -> pruned -> rounds) and a table of
// each model's recipe, size and latest evaluation figures; a zoo model's or CARD's model card
// (#models/{id}); uploads from the page.

import { api, text } from './api.js';
import { chart, count, element, latestEvaluations, percent, row, showError, sparsity } from './view.js';

let wired = false;
let registered = [];

export async function show(section, [cardOf] = []) {
  if (!wired) {
    document.getElementById('upload-form').addEventListener('submit', event => upload(event, section));
    wired = true;
  }
  const [models, evaluations] = await Promise.all([api('/api/models'), api('/api/evaluations')]);
  registered = models;
  const latest = latestEvaluations(evaluations);
  const roots = lineage(models);
  const body = section.querySelector('#models-table tbody');
  body.replaceChildren();
  const visit = (node, depth) => {
    body.append(modelRow(node.model, depth, latest.get(node.model.id)));
    node.children.forEach(child => visit(child, depth + 1));
  };
  roots.forEach(root => visit(root, 0));
  drawTree(roots);
  suggestLabels();
  await showCard(models.find(model => model.id === cardOf));
}

/** The model's card under the table, or nothing when no model with a card is chosen. */
async function showCard(model) {
  const panel = document.getElementById('model-card');
  const shown = document.getElementById('model-card-text');
  panel.hidden = !model;
  shown.textContent = '';
  delete shown.dataset.modelId;
  if (!model) {
    return;
  }
  document.getElementById('model-card-title').textContent = `Model card of ${model.name}`;
  shown.textContent = await text(`/api/models/${encodeURIComponent(model.id)}/card`, 'text/markdown');
  shown.dataset.modelId = model.id;
  panel.scrollIntoView();
}

/** Models as trees: each model under its parent, the oldest first; a model whose parent is gone is a root. */
function lineage(models) {
  const nodes = new Map(models.map(model => [model.id, { model, children: [] }]));
  const roots = [];
  const byAge = [...models].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const model of byAge) {
    const parent = model.parentId && nodes.get(model.parentId);
    (parent ? parent.children : roots).push(nodes.get(model.id));
  }
  return roots;
}

function modelRow(model, depth, evaluation) {
  const name = element('a', model.name, { href: `#evaluation/${model.id}`, title: model.id });
  name.style.paddingLeft = `${depth * 1.5}em`;
  const tr = row([
    name,
    model.origin,
    model.lineage ? model.lineage.method : '',
    model.lineage ? JSON.stringify(model.lineage.parameters) : '',
    count(model.parameters),
    count(model.nonZeroParameters),
    percent(sparsity(model)),
    percent(evaluation?.cleanAccuracy),
    percent(evaluation?.robustAccuracy),
    evaluation ? evaluation.status : 'none yet',
    model.hasCard ? element('a', 'card', { href: `#models/${model.id}`, class: 'card-link' }) : '',
  ]);
  tr.dataset.modelId = model.id;
  tr.dataset.depth = depth;
  return tr;
}

function drawTree(roots) {
  const leaves = node => (node.children.length === 0 ? 1 : node.children.map(leaves).reduce((a, b) => a + b, 0));
  const toData = node => ({ name: node.model.name, value: node.model.id, children: node.children.map(toData) });
  const dom = document.getElementById('lineage-chart');
  dom.style.height = `${Math.max(200, 26 * roots.map(leaves).reduce((a, b) => a + b, 0))}px`;
  chart('lineage-chart', {
    tooltip: { formatter: item => `${item.name}<br>${item.value || ''}` },
    series: [{
      type: 'tree',
      data: [{ name: 'registry', children: roots.map(toData) }],
      orient: 'LR',
      top: 10, bottom: 10, left: 80, right: 300,
      symbolSize: 8,
      initialTreeDepth: -1,
      expandAndCollapse: false,
      label: { position: 'left', verticalAlign: 'middle', align: 'right', width: 240, overflow: 'truncate' },
      leaves: { label: { position: 'right', align: 'left', width: 280, overflow: 'truncate' } },
    }],
  });
}

/** The labels of a registered model of the dataset, as a start for an upload of that dataset. */
function suggestLabels() {
  const form = document.getElementById('upload-form');
  const sameData = registered.find(model => model.dataset === form.dataset.value.trim());
  if (!form.labels.value && sameData) {
    form.labels.value = sameData.labels.join(', ');
  }
}

async function upload(event, section) {
  event.preventDefault();
  const form = event.target;
  const result = document.getElementById('upload-result');
  result.textContent = '';
  showError(section, null);
  const parts = new FormData();
  if (form.file.files.length > 0) {
    parts.append('file', form.file.files[0]);
  }
  const labels = form.labels.value.split(',').map(label => label.trim()).filter(label => label.length > 0);
  parts.append('metadata', JSON.stringify({ name: form.name.value.trim(), dataset: form.dataset.value.trim(), labels }));
  try {
    const model = await api('/api/models', { method: 'POST', body: parts });
    result.textContent = `registered ${model.name} (${model.id}); its evaluation starts now`;
    await show(section);
  } catch (error) {
    showError(section, error);
  }
}
