// The admin's dashboard: reads the admin routes every second and renders them. Everything from the server is put
// in the page as text (never as HTML): prompts, errors and user ids come from API users.
'use strict';

const KEY_ITEM = 'ddiffusion.adminKey';
const REFRESH_MS = 1000;
const MODELS_REFRESH_MS = 15000;
const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'REVOKED', 'REJECTED', 'IGNORED']);

let timer = null;
let modelsReadAt = 0;

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

function cell(value, attrs) { return el('td', Object.assign({ text: value ?? '' }, attrs)); }

function seconds(s) {
  if (s === null || s === undefined) return '';
  if (s < 60) return s.toFixed(1) + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  return (s / 3600).toFixed(1) + ' h';
}

function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }

async function api(method, path) {
  const key = sessionStorage.getItem(KEY_ITEM);
  const response = await fetch(path, {
    method,
    headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (response.status === 401 || response.status === 403) {
    const error = new Error('The admin key was refused (' + response.status + ').');
    error.refused = true;
    throw error;
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && body.detail ? (typeof body.detail === 'string' ? body.detail
      : body.detail.map((d) => d.msg).join('; ')) : response.statusText;
    throw new Error(method + ' ' + path + ': ' + response.status + ' ' + detail);
  }
  return body;
}

function replaceRows(table, rows) {
  const body = $(table).tBodies[0];
  body.replaceChildren(...rows);
}

function renderQueues(queues) {
  replaceRows('queues', queues.map((q) => el('tr', { 'data-queue': q.queue },
    cell(q.queue), cell(q.waiting, { class: 'waiting' }), cell(seconds(q.oldest_wait_seconds)),
    cell(q.workers), cell(q.slots))));
}

function renderWorkers(workers) {
  $('no-workers').hidden = workers.length > 0;
  replaceRows('workers', workers.map((w) => el('tr', { 'data-worker': w.id },
    cell(w.id), cell(w.host), cell(Object.entries(w.queues).map(([q, n]) => q + ' (' + n + ')').join(', ')),
    cell(w.running, { class: 'running' }), cell(w.loaded_models.join(', ')), cell(w.device),
    cell(time(w.updated_at)))));
}

function progressCell(task) {
  const p = task.task_info && task.task_info.progress;
  if (!p || !p.total) return cell('', { class: 'progress' });
  return el('td', { class: 'progress', 'data-step': p.step, 'data-total': p.total },
    el('progress', { max: p.total, value: p.step }), ' ' + p.step + ' / ' + p.total);
}

function cancelCell(task) {
  if (TERMINAL.has(task.status)) return cell('');
  const button = el('button', { type: 'button', class: 'cancel', text: 'Cancel', onclick: () => cancel(task) });
  return el('td', {}, button);
}

function renderTasks(tasks) {
  replaceRows('tasks', tasks.map((t) => {
    const info = t.task_info || {};
    const who = t.identity ? [t.identity.key_name, info.user_id].filter(Boolean).join(' / ') : '';
    return el('tr', { 'data-task-id': t.id },
      el('td', {}, el('code', { text: t.id.slice(0, 8), title: t.id })), cell(t.name),
      cell(t.status, { class: 'status status-' + t.status }), progressCell(t), cell(who), cell(info.worker),
      cell(time(info.received)), cell(seconds(info.runtime)), cancelCell(t));
  }));
  const failures = tasks.filter((t) => t.status === 'FAILURE').slice(0, 20);
  $('no-failures').hidden = failures.length > 0;
  $('failures').replaceChildren(...failures.map((t) => el('li', { 'data-task-id': t.id },
    el('code', { text: t.id.slice(0, 8), title: t.id }), ' ' + t.name + ' · ' + time(t.task_info.failed) + ': ',
    el('span', { class: 'error', text: t.error_message || '' }))));
}

function renderModels(models) {
  const rows = [];
  for (const domain of ['images', 'texts', 'videos']) {
    for (const [name, m] of Object.entries(models[domain] || {})) {
      rows.push(el('tr', { 'data-model': domain + '/' + name }, cell(domain), cell(name), cell(m.provider),
        cell(m.available ? 'yes' : 'no', { class: m.available ? 'status-SUCCESS' : 'status-FAILURE' }),
        cell(m.unavailable_reason)));
    }
  }
  replaceRows('models', rows);
}

async function cancel(task) {
  if (!confirm('Cancel task ' + task.id + ' (' + task.name + ')?')) return;
  try {
    await api('DELETE', '/api/admin/tasks/' + encodeURIComponent(task.id));
    await refresh();
  } catch (e) {
    showError(e);
  }
}

function showError(e) {
  if (e.refused) {
    signOut(e.message);
  } else {
    $('board-error').textContent = e.message;
  }
}

async function refresh() {
  try {
    const [queues, workers, tasks] = await Promise.all([api('GET', '/api/admin/queues'),
      api('GET', '/api/admin/workers'), api('GET', '/api/admin/tasks?limit=100')]);
    renderQueues(queues);
    renderWorkers(workers);
    renderTasks(tasks);
    if (Date.now() - modelsReadAt > MODELS_REFRESH_MS) {
      renderModels(await api('GET', '/api/admin/models'));
      modelsReadAt = Date.now();
    }
    $('board-error').textContent = '';
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    showError(e);
  }
}

function start() {
  $('sign-in-panel').hidden = true;
  $('board').hidden = false;
  $('sign-out').hidden = false;
  modelsReadAt = 0;
  const tick = async () => {
    await refresh();
    if (sessionStorage.getItem(KEY_ITEM)) timer = setTimeout(tick, REFRESH_MS);
  };
  tick();
}

function signOut(message) {
  sessionStorage.removeItem(KEY_ITEM);
  clearTimeout(timer);
  $('board').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in-panel').hidden = false;
  $('sign-in-error').textContent = message || '';
  $('updated').textContent = '';
}

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('admin-key');
  sessionStorage.setItem(KEY_ITEM, input.value.trim());
  input.value = '';
  $('sign-in-error').textContent = '';
  start();
});
$('sign-out').addEventListener('click', () => signOut(''));

if (sessionStorage.getItem(KEY_ITEM)) start();
