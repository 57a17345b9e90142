// Quartier's dashboard: scenarios, runs (live progress by server-sent events) and results (KPI cards, charts fed by the
// server's min/max/mean downsampling), over the native API (/api/scenarios, /api/runs). uPlot draws the charts.
import { cossmicPage } from './cossmic.js';
import { editorPage } from './editor.js';
import { planTab, predictionTab, compareTab, sweepOf, allRunsTab } from './views.js';
import { networkView } from './network.js';
import { cossmicCompare } from './cossmic-views.js';

const view = document.getElementById('view');
const timings = (window.__quartier = { firstChart: null, zooms: [], refines: [], charts: [] });

// ------------------------------------------------------------------ helpers
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
export const fmt = (v) => (v === null || v === undefined ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2));
const el = (html) => { const t = document.createElement('template'); t.innerHTML = html.trim(); return t.content.firstElementChild; };

async function api(path, init) {
  const r = await fetch(path, init);
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  if (!r.ok) { const e = new Error(body?.detail || body?.title || `${r.status}`); e.problem = body; e.status = r.status; throw e; }
  return body;
}

function problemHtml(e) {
  const p = e.problem || {};
  const where = ['file', 'line', 'element_id', 'field'].filter((k) => p[k] !== undefined && p[k] !== null).map((k) => `${k} <code>${esc(p[k])}</code>`);
  return `<p class="problem" role="alert"><strong>${esc(p.title || 'Error')}</strong>: ${esc(e.message)}${where.length ? ` <span>(${where.join(', ')})</span>` : ''}</p>`;
}

// light/dark: prefers-color-scheme unless the toggle chose one (kept in localStorage)
const theme = localStorage.getItem('quartier-theme');
if (theme) document.documentElement.dataset.theme = theme;
document.getElementById('theme').onclick = () => {
  const dark = document.documentElement.dataset.theme ? document.documentElement.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'light' : 'dark';
  localStorage.setItem('quartier-theme', document.documentElement.dataset.theme);
  route();
};

// Okabe–Ito, distinguishable with colour-vision deficiencies
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#999999'];

// ------------------------------------------------------------------ charts
/**
 * A time-series chart. load(from, to, points) resolves to { time: [ISO…], unit, lines: [{ label, mean, min?, max? }] };
 * drag to zoom (redraws the window at once from the points held, then re-fetches it at full resolution), double-click to
 * reset, click legend entries to toggle. Timings: zooms (the immediate redraw), refines (fetch + draw of the window).
 */
function chart(container, title, csvHref, load) {
  const box = el(`<section class="chart" data-title="${esc(title)}"><h3>${esc(title)} <a href="${esc(csvHref)}" download>CSV</a> <small class="muted"></small></h3><div class="plot"></div></section>`);
  container.append(box);
  const plotEl = box.querySelector('.plot');
  const note = box.querySelector('small');
  const state = { u: null, box, labels: [] };
  timings.charts.push(state);

  const draw = async (from, to) => {
    const t0 = performance.now();
    const width = Math.max(400, plotEl.clientWidth || container.clientWidth || 1000);
    const d = await load(from, to, Math.min(2000, Math.round(width)));
    const xs = d.time.map((t) => Date.parse(t) / 1000);
    const data = [xs];
    const series = [{}];
    const bands = [];
    d.lines.forEach((line, i) => {
      const colour = palette[i % palette.length];
      data.push(line.mean);
      series.push({ label: `${line.label} [${d.unit}]`, stroke: colour, width: 1.5, value: (u, v) => (v == null ? '–' : fmt(v)) });
      if (line.min && line.max) {
        const meanIdx = data.length - 1;
        data.push(line.max, line.min);
        series.push({ label: `${line.label} max`, stroke: colour + '55', width: 1, show: true },
          { label: `${line.label} min`, stroke: colour + '55', width: 1, show: true });
        bands.push({ series: [meanIdx + 1, meanIdx + 2], fill: colour + '22' });
      }
    });
    state.labels = d.lines.map((l) => l.label);
    box.dataset.series = state.labels.join('|');
    box.dataset.points = String(xs.length);
    note.textContent = `${d.lines.length} series · ${xs.length} points${d.extra ? ' · ' + d.extra : ''}`;
    const axisColour = getComputedStyle(document.documentElement).getPropertyValue('--fg').trim() || '#000';
    const grid = { stroke: getComputedStyle(document.documentElement).getPropertyValue('--line').trim() || '#ddd', width: 1 };
    const opts = {
      width, height: 280, series, bands,
      scales: { x: { time: true } },
      axes: [
        { label: 'time (UTC)', stroke: axisColour, grid },
        { label: d.unit, stroke: axisColour, grid, size: 70 },
      ],
      cursor: { drag: { x: true, y: false } },
      hooks: {
        // uPlot draws in a microtask after setScale: the zoom's redraw time is taken when it has drawn
        draw: [() => {
          if (state.zoomedAt === undefined) return;
          timings.zooms.push(performance.now() - state.zoomedAt);
          state.zoomedAt = undefined;
        }],
        setSelect: [(u) => {
          if (u.select.width < 5) return;
          const a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ width: 0, height: 0 }, false);
          state.zoomed = true;
          // the chart redraws the window at once from the points it holds, then the server's finer points replace them
          state.zoomedAt = performance.now();
          u.setScale('x', { min: a, max: b });
          redraw(new Date(a * 1000).toISOString(), new Date(b * 1000).toISOString(), true);
        }],
      },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    };
    if (state.u) state.u.destroy();
    state.u = new uPlot(opts, data, plotEl);
    plotEl.ondblclick = () => { state.zoomed = false; redraw(undefined, undefined, true); };
    return performance.now() - t0;
  };
  const redraw = async (from, to, isZoom) => {
    try {
      const ms = await draw(from, to);
      if (isZoom) timings.refines.push(ms);
      else if (timings.firstChart === null) timings.firstChart = performance.now() - (timings.opened ?? 0);
      box.dataset.drawn = String((Number(box.dataset.drawn) || 0) + 1);
    } catch (e) {
      plotEl.innerHTML = e.problem?.title === 'No data' ? `<p class="muted">${esc(e.message)}</p>` : problemHtml(e);
      box.dataset.drawn = 'error';
    }
  };
  redraw();
  state.zoom = (from, to) => redraw(from, to, true);
  return state;
}

const q = (params) => Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

function sumLoader(runId, signals, labels) {
  return async (from, to, points) => {
    const parts = await Promise.all(signals.map((s) => api(`/api/runs/${runId}/series/sum?${q({ signal: s, from, to, points })}`).catch((e) => (e.status === 404 ? null : Promise.reject(e)))));
    const found = parts.map((p, i) => [p, i]).filter(([p]) => p);
    if (!found.length) throw Object.assign(new Error(`no series of this run matches ${signals.join(', ')}`), { problem: { title: 'No data' } });
    const first = found[0][0];
    return { time: first.time, unit: first.unit, extra: `sum of ${first.series_count} series`, lines: found.map(([p, i]) => ({ label: labels[i], mean: p.mean, min: p.min, max: p.max })) };
  };
}

function seriesLoader(runId, list) {
  return async (from, to, points) => {
    const parts = await Promise.all(list.map((s) => api(`/api/runs/${runId}/series/${s.id}?${q({ from, to, points })}`)));
    return { time: parts[0].time, unit: list[0].unit, lines: parts.map((p, i) => ({ label: `${list[i].esdlName || list[i].esdlId} ${list[i].output}`, mean: p.mean, min: p.bucket_steps > 1 ? p.min : null, max: p.bucket_steps > 1 ? p.max : null })) };
  };
}

// ------------------------------------------------------------------ pages
async function scenariosPage() {
  view.innerHTML = `<h1>Scenarios</h1>
  <form id="upload"><fieldset><legend>Upload an ESDL, a DOTS request (JSON) or a CoSSMic/PySSMic folder as a zip</legend>
    <label>File <input type="file" name="file" required></label>
    <label>Kind <select name="kind"><option value="">from the file</option><option value="esdl">ESDL</option><option value="dots">DOTS request</option><option value="cossmic">CoSSMic zip</option></select></label>
    <label>Name <input name="name" placeholder="optional"></label>
    <button type="button" id="validate">Validate</button> <button type="submit">Upload</button>
    <div id="result"></div></fieldset></form>
  <div id="list">Loading…</div>`;
  const form = view.querySelector('#upload');
  const result = view.querySelector('#result');
  const send = async (path) => {
    const file = form.file.files[0];
    if (!file) { result.innerHTML = '<p class="problem">Choose a file first.</p>'; return null; }
    const kind = form.kind.value || (/\.json$/i.test(file.name) ? 'dots' : /\.zip$/i.test(file.name) ? 'cossmic' : 'esdl');
    const type = { esdl: 'application/xml', dots: 'application/json', cossmic: 'application/zip' }[kind];
    try {
      const r = await api(`${path}?${q({ kind, name: form.name.value || file.name.replace(/\.[^.]+$/, '') })}`, { method: 'POST', headers: { 'Content-Type': type }, body: file });
      const s = r.summary || r;
      const diags = (s.diagnostics || []).map((d) => `<li class="${d.level === 'warning' ? 'problem' : 'muted'}">${esc(d.level)}: ${esc(d.message)}${d.source ? ` <code>${esc(d.source)}</code>` : ''}</li>`).join('');
      result.innerHTML = `<p class="ok" role="status">${r.id ? `Stored as <code>${esc(r.id)}</code>` : 'Valid'}: ${esc(s.name)} (${esc(s.kind)}) — ${esc(JSON.stringify(s.counts))}</p>${diags ? `<ul class="diag">${diags}</ul>` : ''}`;
      return r;
    } catch (e) { result.innerHTML = problemHtml(e); return null; }
  };
  view.querySelector('#validate').onclick = () => send('/api/scenarios/validate');
  form.onsubmit = async (ev) => { ev.preventDefault(); if (await send('/api/scenarios')) await list(); };
  const list = async () => {
    const { scenarios } = await api('/api/scenarios');
    view.querySelector('#list').innerHTML = scenarios.length ? `<table><thead><tr><th>Name</th><th>Kind</th><th>Contents</th><th>Uploaded</th><th></th></tr></thead><tbody>${scenarios.map((s) => `
      <tr data-scenario="${esc(s.id)}"><td>${esc(s.name)}<br><code class="muted">${esc(s.id)}</code></td><td>${esc(s.kind)}</td>
      <td>${esc(Object.entries(s.summary.counts || {}).map(([k, v]) => `${k} ${v}`).join(', '))}</td><td>${esc(s.created)}</td>
      <td><a href="#/runs?scenario=${esc(s.id)}">Run…</a> · <a href="/api/scenarios/${esc(s.id)}/content" download>Download</a> · <button data-delete="${esc(s.id)}">Delete</button></td></tr>`).join('')}</tbody></table>` : '<p class="muted">No scenarios yet: upload one above.</p>';
    view.querySelectorAll('[data-delete]').forEach((b) => (b.onclick = async () => { await api(`/api/scenarios/${b.dataset.delete}`, { method: 'DELETE' }); list(); }));
  };
  await list();
}

const live = new Map(); // run id -> EventSource

async function runsPage(params) {
  const { scenarios } = await api('/api/scenarios');
  const runnable = scenarios;
  view.innerHTML = `<h1>Runs</h1>
  <form id="start"><fieldset><legend>Start a run</legend>
    <label>Scenario <select name="scenario" required>${runnable.map((s) => `<option value="${esc(s.id)}" data-kind="${esc(s.kind)}" ${s.id === params.get('scenario') ? 'selected' : ''}>${esc(s.name)} (${esc(s.id)})</option>`).join('')}</select></label>
    <label>Start <input name="start" placeholder="scenario's (e.g. 2020-08-11T00:00Z)"></label>
    <label>Duration <input name="duration" placeholder="scenario's (e.g. 1d, 60h, 1y)" size="14"></label>
    <label>Step <select name="step"><option>15min</option><option>5min</option><option>1min</option><option>1h</option></select></label>
    <label>Control <select name="ems"><option value="">scenario's EMS</option><option value="rule">rule-based (no EMS)</option><option value="dots">MPC (DOTS MILP)</option></select></label>
    <label>Record <select name="record"><option value="">default series</option><option value="all">everything (incl. LV network)</option></select></label>
    <span class="cossmic-only">CoSSMic: <label>Algorithm <select name="algorithm"><option>exact</option><option>naive</option><option>random</option><option>fifty-fifty</option></select></label>
    <label>Runs <input name="runs" type="number" min="1" max="10000" value="1" size="5"></label>
    <label>Seed <input name="seed" type="number" value="1" size="5"></label>
    <label>Days <input name="days" type="number" min="1" max="366" value="1" size="4"></label></span>
    <button type="submit" ${runnable.length ? '' : 'disabled'}>Start</button><div id="startResult"></div></fieldset></form>
  <div id="list">Loading…</div>`;
  const form = view.querySelector('#start');
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    const cossmic = form.scenario.selectedOptions[0]?.dataset.kind === 'cossmic';
    for (const k of cossmic ? ['start', 'duration', 'step', 'ems', 'record'] : ['algorithm', 'runs', 'seed', 'days']) delete f[k];
    try {
      const r = await api(`/api/runs?${q(f)}`, { method: 'POST' });
      view.querySelector('#startResult').innerHTML = `<p class="ok" role="status">Run <code>${esc(r.id)}</code> ${esc(r.status)}</p>`;
      await list();
    } catch (e) { view.querySelector('#startResult').innerHTML = problemHtml(e); }
  };
  const list = async () => {
    const { runs } = await api('/api/runs?limit=200');
    view.querySelector('#list').innerHTML = runs.length ? `<table><thead><tr><th>Run</th><th>Status</th><th>Progress</th><th>Created</th><th></th></tr></thead><tbody>${runs.map((r) => `
      <tr data-run="${esc(r.id)}" data-status="${esc(r.status)}"><td>${esc(r.name)}<br><code class="muted">${esc(r.id)}</code></td>
      <td class="status">${esc(r.status)}${r.error ? `<div class="error">${esc(r.error)}</div>` : ''}</td>
      <td><progress max="100" value="${r.progress}"></progress> <span class="pct">${r.progress}</span> %</td><td>${esc(r.created)}</td>
      <td>${r.status === 'queued' || r.status === 'running' ? `<button data-cancel="${esc(r.id)}">Cancel</button>` : r.status === 'succeeded' ? `<a href="#/run/${esc(r.id)}">Results</a>` : ''}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">No runs yet.</p>';
    view.querySelectorAll('[data-cancel]').forEach((b) => (b.onclick = async () => { try { await api(`/api/runs/${b.dataset.cancel}`, { method: 'DELETE' }); } catch (e) { alert(e.message); } list(); }));
    for (const r of runs.filter((x) => x.status === 'queued' || x.status === 'running')) follow(r.id, list);
  };
  await list();
}

function follow(id, onEnd) {
  if (live.has(id)) return;
  const es = new EventSource(`/api/runs/${id}/events`);
  live.set(id, es);
  es.addEventListener('progress', (ev) => {
    const d = JSON.parse(ev.data);
    const row = document.querySelector(`tr[data-run="${id}"]`);
    if (!row) return;
    row.querySelector('progress').value = d.progress;
    row.querySelector('.pct').textContent = d.progress;
    row.querySelector('.status').firstChild.textContent = d.status;
  });
  const end = () => { es.close(); live.delete(id); if (location.hash.startsWith('#/runs')) onEnd(); };
  es.addEventListener('end', end);
  es.onerror = end;
}

const quantity = { W: 'power', VAr: 'reactive power', VA: 'apparent power', '%': 'level', ratio: 'state of charge', EUR: 'cost', 'EUR/kWh': 'price', V: 'voltage', A: 'current', Wh: 'energy', '°C': 'temperature' };
const cards = (list) => list.map((k) => `<div class="kpi" data-kpi="${esc(k.name)}" data-value="${k.value ?? ''}"><div class="v">${fmt(k.value)} <small>${esc(k.unit)}</small></div><div class="n">${esc(k.name.replaceAll('_', ' '))}</div></div>`).join('');

async function runPage(id, tab) {
  timings.opened = performance.now();
  timings.firstChart = null;
  timings.charts = [];
  const run = await api(`/api/runs/${id}`);
  const { kpis } = await api(`/api/runs/${id}/kpis`);
  const h = { view, api, esc, fmt, el, cards, q };
  if ((run.parameters || '').includes('"kind":"cossmic"')) return cossmicPage(h, run, kpis, tab);
  const sweep = await sweepOf(h, id);
  view.innerHTML = `<h1>${esc(run.name)} <small class="muted"><code>${esc(run.id)}</code> ${esc(run.status)}</small></h1>
  ${run.error ? `<p class="error">${esc(run.error)}</p>` : ''}
  <div class="kpis" id="runKpis">${cards(kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system'))}</div>
  <div class="tabs" role="tablist">${[['all', 'All households'], ['house', 'One household'], ['grid', 'Grid'], ['plan', 'Plan'], ['prediction', 'Prediction'], ['compare', 'Compare'], ...(sweep ? [['runs', 'All runs']] : [])].map(([t, n]) => `<button role="tab" data-tab="${t}" aria-selected="${t === tab}">${n}</button>`).join('')}</div>
  <div id="tab"></div>`;
  view.querySelectorAll('[data-tab]').forEach((b) => (b.onclick = () => (location.hash = `#/run/${id}/${b.dataset.tab}`)));
  const pane = view.querySelector('#tab');
  const csv = (signal, asset) => `/api/runs/${id}/series.csv?${q({ signal, asset })}`;
  if (tab === 'all') {
    chart(pane, 'All households: import (+) / export (−)', csv('EConnection/net_power'), sumLoader(id, ['EConnection/net_power'], ['net import']));
    chart(pane, 'All households: PV and load', csv('EConnection/*'), sumLoader(id, ['EConnection/pv_power', 'EConnection/consumption_power'], ['PV', 'load']));
    chart(pane, 'Storage: battery fill level (sum)', csv('Battery/fill_level'), sumLoader(id, ['Battery/fill_level'], ['batteries']));
  } else if (tab === 'house') {
    const { series } = await api(`/api/runs/${id}/series?signal=EConnection/net_power`);
    const houses = series.map((s) => ({ id: s.esdlId, name: s.esdlName || s.esdlId }));
    pane.innerHTML = `<label>Household <select id="house">${houses.map((h) => `<option value="${esc(h.id)}" data-name="${esc(h.name)}">${esc(h.name)} (${esc(h.id)})</option>`).join('')}</select></label> <span class="muted">${houses.length} households</span><div class="kpis" id="houseKpis"></div><div id="houseCharts"></div>`;
    const sel = pane.querySelector('#house');
    const show = async () => {
      const box = pane.querySelector('#houseCharts');
      box.innerHTML = '';
      timings.charts = [];
      pane.querySelector('#houseKpis').innerHTML = cards(kpis.filter((k) => k.scope === sel.value || k.scope === sel.selectedOptions[0].dataset.name));
      const { series: mine } = await api(`/api/runs/${id}/series?asset=${encodeURIComponent(sel.value)}`);
      const byUnit = new Map();
      for (const s of mine) byUnit.set(s.unit, [...(byUnit.get(s.unit) || []), s]);
      for (const [unit, list] of byUnit) chart(box, `${sel.selectedOptions[0].textContent}: ${quantity[unit] || unit}${quantity[unit] ? ` (${unit})` : ''}`, csv(undefined, sel.value), seriesLoader(id, list));
      if (!mine.length) box.innerHTML = '<p class="muted">No series recorded for this household.</p>';
      box.dataset.house = sel.value;
    };
    sel.onchange = show;
    await show();
  } else if (tab === 'grid') {
    const { series } = await api(`/api/runs/${id}/series`);
    const pick = (re) => series.filter((s) => s.esdlType === 'Transformer' && re.test(s.output));
    const tr = pick(/^loading$/), cables = pick(/^max_cable_loading$/), volts = pick(/^(min|max)_voltage$/);
    if (!tr.length) pane.innerHTML = '<p class="muted">This run recorded no transformer series (a scenario with an LV network records Transformer/loading; Record: everything adds cables and voltages).</p>';
    if (tr.length) chart(pane, 'Transformer loading', csv('Transformer/loading'), seriesLoader(id, tr));
    if (cables.length) chart(pane, 'Worst cable loading', csv('Transformer/max_cable_loading'), seriesLoader(id, cables));
    if (volts.length) chart(pane, 'Lowest and highest voltage', csv('Transformer/*_voltage'), seriesLoader(id, volts));
    const worst = kpis.filter((k) => k.name === 'grid_peak_cable_loading' && k.value !== null).sort((a, b) => b.value - a.value).slice(0, 10);
    if (worst.length) {
      pane.append(el(`<section id="worstCables"><h3>Worst cables (peak loading)</h3><table><thead><tr><th>Cable</th><th>Peak loading</th></tr></thead><tbody>${worst.map((k) => `<tr><td>${esc(k.scope)}</td><td><meter min="0" max="100" high="80" value="${k.value}"></meter> ${fmt(k.value)} ${esc(k.unit)}</td></tr>`).join('')}</tbody></table></section>`));
    }
    await networkView(pane, h, id);
  } else if (tab === 'plan') await planTab(pane, h, id);
  else if (tab === 'prediction') await predictionTab(pane, h, id);
  else if (tab === 'compare') await compareTab(pane, h, run, (box, a, b) => cossmicCompare(box, h, a, b));
  else if (tab === 'runs' && sweep) await allRunsTab(pane, h, run, kpis, sweep.id);
}

// ------------------------------------------------------------------ routing
async function route() {
  for (const es of live.values()) es.close();
  live.clear();
  const [path, query] = (location.hash.slice(1) || '/scenarios').split('?');
  const parts = path.split('/').filter(Boolean);
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === (parts[0] === 'run' ? 'runs' : parts[0])));
  try {
    if (parts[0] === 'runs') await runsPage(new URLSearchParams(query));
    else if (parts[0] === 'run' && parts[1]) await runPage(parts[1], parts[2] || 'all');
    else if (parts[0] === 'editor') await editorPage({ view, api, esc, problemHtml }, parts.slice(1));
    else await scenariosPage();
  } catch (e) { view.innerHTML = problemHtml(e); }
  document.body.dataset.ready = location.hash || '#/scenarios';
}
window.addEventListener('hashchange', route);
route();
