// What every page draws with: table cells, figures, charts, and where a page's refusals are shown.

export function percent(value) {
  return value === null || value === undefined ? '' : `${(100 * value).toFixed(2)}%`;
}

export function count(value) {
  return value === null || value === undefined ? '' : Number(value).toLocaleString('en');
}

/** An element with text or children. */
export function element(tag, content, attributes = {}) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  if (Array.isArray(content)) {
    node.append(...content);
  } else if (content !== undefined && content !== null) {
    node.textContent = String(content);
  }
  return node;
}

export function row(cells) {
  return element('tr', cells.map(cell => (cell instanceof Node ? element('td', [cell]) : element('td', cell))));
}

/** The page's error line: the gateway's reason for a refusal, or empty. */
export function showError(section, error) {
  const line = section.querySelector('.error');
  line.textContent = error ? error.message : '';
}

/** The chart in {@code id}, created once and redrawn with {@code option}. */
export function chart(id, option) {
  const dom = document.getElementById(id);
  const instance = echarts.getInstanceByDom(dom) || echarts.init(dom);
  instance.setOption(option, true);
  instance.resize();
  return instance;
}

/** Figures as a definition list. */
export function figures(list, entries) {
  list.replaceChildren();
  for (const [name, value] of entries) {
    list.append(element('dt', name), element('dd', value));
  }
}

/** A select's options, keeping the current choice when it is still offered. */
export function options(select, entries) {
  const chosen = select.value;
  select.replaceChildren(...entries.map(([value, label]) => element('option', label, { value })));
  if (entries.some(([value]) => value === chosen)) {
    select.value = chosen;
  }
}

/** Each model's latest evaluation, from the evaluation list (which has no cells). */
export function latestEvaluations(evaluations) {
  const latest = new Map();
  for (const evaluation of evaluations) {
    const known = latest.get(evaluation.modelId);
    if (!known || evaluation.createdAt > known.createdAt) {
      latest.set(evaluation.modelId, evaluation);
    }
  }
  return latest;
}

/** The share of a model's weights that are zero; null when the registry does not count them. */
export function sparsity(model) {
  return model.parameters ? 1 - model.nonZeroParameters / model.parameters : null;
}
