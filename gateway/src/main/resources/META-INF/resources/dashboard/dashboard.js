// The dashboard's shell: the key field, the tabs, and one page shown at a time. A page that fails
// shows the gateway's reason on its error line instead of going blank.

import { apiKey, forgetApiKey, rememberApiKey } from './api.js';
import { showError } from './view.js';
import * as models from './models.js';
import * as evaluation from './evaluation.js';
import * as methods from './methods.js';
import * as jobs from './jobs.js';
import * as decks from './decks.js';

const PAGES = { models, evaluation, methods, jobs, decks };

function currentPage() {
  const name = location.hash.replace(/^#/, '').split('/')[0];
  return PAGES[name] ? name : 'models';
}

async function show() {
  const name = currentPage();
  for (const tab of document.querySelectorAll('#tabs a')) {
    tab.classList.toggle('active', tab.dataset.page === name);
  }
  for (const section of document.querySelectorAll('.page')) {
    section.hidden = section.id !== `page-${name}`;
  }
  const section = document.getElementById(`page-${name}`);
  section.dataset.state = 'loading';
  showError(section, null);
  try {
    await PAGES[name].show(section, location.hash.split('/').slice(1).map(decodeURIComponent));
    section.dataset.state = 'shown';
  } catch (error) {
    showError(section, error);
    section.dataset.state = 'refused';
  }
}

function showKeyState() {
  document.getElementById('key-state').textContent = apiKey()
    ? `using key ${apiKey().slice(0, 10)}...` : 'no key yet: paste an API key (a read key shows everything but the forms)';
}

document.getElementById('key-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = document.getElementById('key-input');
  rememberApiKey(input.value);
  input.value = '';
  showKeyState();
  jobs.restartStream();
  show();
});
document.getElementById('key-forget').addEventListener('click', () => {
  forgetApiKey();
  showKeyState();
  jobs.restartStream();
  show();
});
window.addEventListener('hashchange', show);
window.addEventListener('resize', () => {
  for (const dom of document.querySelectorAll('.chart')) {
    echarts.getInstanceByDom(dom)?.resize();
  }
});

showKeyState();
show();
