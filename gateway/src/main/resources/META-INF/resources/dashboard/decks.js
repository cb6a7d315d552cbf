// Decks: each deck's gate settings, members and domains, and a try-it panel that sends an image (a test
// image of the deck's dataset by index, optionally corrupted, or an image file) to the deck (Open
// Inference Protocol) and shows its answer, the members it used and the gate's distances.

import { api } from './api.js';
import { chart, element, figures, options, percent, row, showError } from './view.js';

let wired = false;
let shownDeck = null;

export async function show(section, [name]) {
  if (!wired) {
    document.getElementById('try-image').addEventListener('change', event => tryImage(section, event.target));
    document.getElementById('try-dataset-form').addEventListener('submit', event => {
      event.preventDefault();
      tryTestImage(section);
    });
    wired = true;
  }
  const corruptions = document.getElementById('try-corruption');
  if (corruptions.options.length === 0) {
    const families = await api('/api/corruption-families');
    options(corruptions,
      [['', 'none'], ...families.flatMap(family => family.corruptions.map(name => [name, `${name} (${family.family})`]))]);
  }
  const decks = await api('/api/decks');
  const body = section.querySelector('#decks-table tbody');
  body.replaceChildren(...decks.map(deck => {
    const tr = row([element('a', deck.name, { href: `#decks/${encodeURIComponent(deck.name)}` }), deck.gating.mode,
      deck.gating.k, deck.gating.granularity, deck.domains.join(', '), deck.members.length]);
    tr.dataset.deck = deck.name;
    return tr;
  }));
  const chosen = name || (decks.length > 0 ? decks[0].name : null);
  const detail = document.getElementById('deck-detail');
  detail.hidden = !chosen;
  if (chosen) {
    await showDeck(await api(`/api/decks/${encodeURIComponent(chosen)}`));
  }
}

async function showDeck(deck) {
  if (shownDeck?.name !== deck.name) {
    clearAnswer();
    document.getElementById('try-image').value = '';
  }
  shownDeck = deck;
  const [c, h, w] = deck.inputShape;
  document.getElementById('deck-title').textContent = `${deck.name}: ${deck.gating.mode}, k ${deck.gating.k}, `
    + `${deck.gating.granularity ?? ''} granularity, ${deck.dataset} images [${c}, ${h}, ${w}]`;
  const members = document.querySelector('#members-table tbody');
  members.replaceChildren(...deck.members.map(member => {
    const tr = row([element('a', member.modelName, { href: `#evaluation/${member.modelId}`, title: member.modelId }),
      member.domain, percent(member.cleanAccuracy), percent(member.robustAccuracy)]);
    tr.dataset.modelId = member.modelId;
    return tr;
  }));
  const names = deck.members.map(member => `${member.modelName} (${member.domain})`);
  chart('members-chart', {
    title: { text: 'members: latest evaluation', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: percent },
    legend: { top: 28 },
    grid: { top: 70 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => `${Math.round(100 * v)}%` } },
    series: [
      { name: 'clean', type: 'bar', data: deck.members.map(member => member.cleanAccuracy) },
      { name: 'robust', type: 'bar', data: deck.members.map(member => member.robustAccuracy) },
    ],
  });
}

/** The image as the deck's input: resized to [H, W], channel-planar values in [0, 1], gray as the mean of R, G, B. */
function tensorOf(bitmap, [channels, height, width]) {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height).data;
  const data = new Array(channels * height * width);
  for (let pixel = 0; pixel < height * width; pixel++) {
    const [r, g, b] = [rgba[4 * pixel], rgba[4 * pixel + 1], rgba[4 * pixel + 2]];
    if (channels === 1) {
      data[pixel] = (r + g + b) / 3 / 255;
    } else {
      [r, g, b].slice(0, channels).forEach((value, channel) => { data[channel * height * width + pixel] = value / 255; });
    }
  }
  return data;
}

/** The image as a canvas bitmap: values in [0, 1], channel-planar [C, H, W]; one channel drawn as gray. */
function bitmapOf(data, [channels, height, width]) {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  const pixels = context.createImageData(width, height);
  for (let pixel = 0; pixel < height * width; pixel++) {
    for (let rgb = 0; rgb < 3; rgb++) {
      const channel = channels === 1 ? 0 : rgb;
      pixels.data[4 * pixel + rgb] = Math.round(255 * data[channel * height * width + pixel]);
    }
    pixels.data[4 * pixel + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
  return canvas;
}

function preview(image) {
  const context = document.getElementById('try-preview').getContext('2d');
  context.imageSmoothingEnabled = false;
  context.drawImage(image, 0, 0, context.canvas.width, context.canvas.height);
}

function clearAnswer() {
  const list = document.getElementById('try-answer');
  list.replaceChildren();
  for (const name of Object.keys(list.dataset)) {
    delete list.dataset[name];
  }
}

async function infer(deck, data) {
  return api(`/v2/models/${encodeURIComponent(deck.name)}/infer`, {
    method: 'POST',
    body: { inputs: [{ name: 'input', shape: [1, ...deck.inputShape], datatype: 'FP32', data }] },
  });
}

async function tryImage(section, input) {
  showError(section, null);
  clearAnswer();
  if (input.files.length === 0 || !shownDeck) {
    return;
  }
  const deck = shownDeck;
  try {
    const bitmap = await createImageBitmap(input.files[0]);
    preview(bitmap);
    showAnswer(deck, await infer(deck, tensorOf(bitmap, deck.inputShape)), null);
  } catch (error) {
    showError(section, error);
  }
}

/** The test image picked by index (and corruption), as the gateway serves it from the deck's dataset. */
async function tryTestImage(section) {
  showError(section, null);
  clearAnswer();
  if (!shownDeck) {
    return;
  }
  const deck = shownDeck;
  const index = document.getElementById('try-index').value;
  const corruption = document.getElementById('try-corruption').value;
  const query = new URLSearchParams({ split: 'test' });
  if (corruption) {
    query.set('corruption', corruption);
    query.set('severity', document.getElementById('try-severity').value);
  }
  try {
    const image = await api(`/api/datasets/${encodeURIComponent(deck.dataset)}/images/${encodeURIComponent(index)}?${query}`);
    preview(bitmapOf(image.data, image.shape));
    showAnswer(deck, await infer(deck, image.data), image);
  } catch (error) {
    showError(section, error);
  }
}

/** The deck's answer; {@code image} is the test image it answered, with its true label, or null for a file. */
function showAnswer(deck, answer, image) {
  const probabilities = answer.outputs[0].data;
  const best = probabilities.indexOf(Math.max(...probabilities));
  const parameters = answer.parameters || {};
  const used = (parameters.members_used || []).map(id => {
    const member = deck.members.find(m => m.modelId === id);
    return member ? `${member.modelName} (${member.domain})` : id;
  });
  const list = document.getElementById('try-answer');
  figures(list, [
    ...(image ? [['image', `${image.dataset} ${image.split} #${image.index}`
      + (image.corruption ? `, ${image.corruption} at severity ${image.severity}` : '')]] : []),
    ['answer', `${deck.labels[best]} (${percent(probabilities[best])})`],
    ...(image ? [['true label', `${image.labelName}${image.labelName === deck.labels[best] ? ' (right)' : ' (wrong)'}`]] : []),
    ['members used', used.join(', ')],
    ...(parameters.chosen_domains ? [['chosen domains', parameters.chosen_domains[0].join(', ')]] : []),
  ]);
  list.dataset.answer = deck.labels[best];
  list.dataset.probabilities = JSON.stringify(probabilities);
  list.dataset.membersUsed = JSON.stringify(parameters.members_used || []);
  if (image) {
    list.dataset.trueLabel = image.labelName;
  }
  chart('probabilities-chart', {
    title: { text: "the deck's class probabilities", left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { valueFormatter: percent },
    grid: { left: 100 },
    xAxis: { type: 'value', min: 0, max: 1 },
    yAxis: { type: 'category', data: deck.labels, inverse: true },
    series: [{ name: 'probability', type: 'bar', data: probabilities }],
  });
  const distances = parameters.gate_distances ? parameters.gate_distances[0] : null;
  const distanceDom = document.getElementById('distances-chart');
  distanceDom.hidden = !distances;
  if (distances) {
    chart('distances-chart', {
      title: { text: 'gate: distance of the image to each domain (smaller is closer)', left: 'center',
        textStyle: { fontSize: 14 } },
      tooltip: {},
      xAxis: { type: 'category', data: parameters.domains },
      yAxis: { type: 'value' },
      series: [{ name: 'distance', type: 'bar', data: distances }],
    });
  }
}
