// CoSSMic run sets in the dashboard: KPI cards, All households (each house's energies in a run), All runs (each KPI
// across runs with min/median/max) and One household (its jobs' requested window against the scheduled start), over
// /api/runs/{id}/cossmic. The charts are uPlot over an index (house, run or job), with units on every axis.
import { cossmicPlanTab, cossmicPredictionTab, cossmicCompare } from './cossmic-views.js';
import { compareTab } from './views.js';

const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#999999'];

/** A chart of lines (or points) over an index: xs are 1-based numbers, lines [{ label, values }], unit on the y axis. */
function indexChart(pane, h, title, csvHref, xLabel, xs, unit, lines, points) {
  const box = h.el(`<section class="chart" data-title="${h.esc(title)}"><h3>${h.esc(title)} <a href="${h.esc(csvHref)}" download="${h.esc(title.replace(/\W+/g, '-'))}.csv">CSV</a></h3><div class="plot"></div></section>`);
  pane.append(box);
  const css = getComputedStyle(document.documentElement);
  const stroke = css.getPropertyValue('--fg').trim() || '#000';
  const grid = { stroke: css.getPropertyValue('--line').trim() || '#ddd', width: 1 };
  const series = [{ label: xLabel }, ...lines.map((l, i) => ({
    label: `${l.label} [${unit}]`, stroke: palette[i % palette.length], width: points ? 0 : 1.5,
    paths: points ? () => null : undefined, points: { show: true, size: points ? 9 : 6, fill: palette[i % palette.length] },
    value: (u, v) => (v == null ? '–' : h.fmt(v)),
  }))];
  const width = Math.max(400, pane.clientWidth || 1000);
  new uPlot({ width, height: 260, series, scales: { x: { time: false } }, axes: [{ label: xLabel, stroke, grid, incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: unit, stroke, grid, size: 70 }] },
    [xs, ...lines.map((l) => l.values)], box.querySelector('.plot'));
  box.dataset.series = lines.map((l) => l.label).join('|');
  box.dataset.points = String(xs.length);
  box.dataset.drawn = '1';
  return box;
}

const csvData = (header, rows) => 'data:text/csv;charset=utf-8,' + encodeURIComponent([header, ...rows].map((r) => r.join(',')).join('\n') + '\n');

/** The results page of a CoSSMic run set (h: the dashboard's helpers). */
export async function cossmicPage(h, run, kpis, tab) {
  const id = run.id;
  const s = await h.api(`/api/runs/${id}/cossmic`);
  const runOptions = s.runs.map((r) => `<option value="${r.run}">run ${r.run + 1} (seed ${r.seed})</option>`).join('');
  h.view.innerHTML = `<h1>${h.esc(run.name)} <small class="muted"><code>${h.esc(run.id)}</code> ${h.esc(run.status)} · ${h.esc(s.algorithm)}, ${s.runs.length} run(s), seed ${s.seed}</small></h1>
  <div class="kpis" id="runKpis">${h.cards(kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system'))}</div>
  <div class="tabs" role="tablist">${[['all', 'All households'], ['runs', 'All runs'], ['house', 'One household'], ['plan', 'Plan'], ['prediction', 'Prediction'], ['compare', 'Compare']].map(([t, n]) => `<button role="tab" data-tab="${t}" aria-selected="${t === tab}">${n}</button>`).join('')}</div>
  <div id="tab"></div>`;
  h.view.querySelectorAll('[data-tab]').forEach((b) => (b.onclick = () => (location.hash = `#/run/${id}/${b.dataset.tab}`)));
  const pane = h.view.querySelector('#tab');
  if (tab === 'plan') return cossmicPlanTab(pane, h, s);
  if (tab === 'prediction') return cossmicPredictionTab(pane, h, s);
  if (tab === 'compare') return compareTab(pane, h, run, (box, a, b) => cossmicCompare(box, h, a, b));
  if (tab === 'runs') {
    const xs = s.runs.map((r) => r.run + 1);
    const pick = (unit) => s.distributions.filter((d) => d.unit === unit);
    indexChart(pane, h, 'KPIs across runs: shares', `/api/runs/${id}/cossmic/runs.csv`, 'run', xs, 'ratio', pick('ratio').map((d) => ({ label: d.name, values: d.values })));
    indexChart(pane, h, 'KPIs across runs: energies', `/api/runs/${id}/cossmic/runs.csv`, 'run', xs, 'kWh', pick('kWh').map((d) => ({ label: d.name, values: d.values })));
    pane.append(h.el(`<section id="distributions"><h3>Distribution across ${s.runs.length} run(s) <a href="/api/runs/${id}/cossmic/runs.csv" download>CSV</a></h3><table><thead><tr><th>KPI</th><th>Unit</th><th>Min</th><th>Median</th><th>Max</th><th>Each run</th></tr></thead><tbody>${s.distributions.map((d) => `
      <tr data-kpi="${h.esc(d.name)}" data-min="${d.min}" data-median="${d.median}" data-max="${d.max}"><td>${h.esc(d.name.replaceAll('_', ' '))}</td><td>${h.esc(d.unit)}</td><td>${h.fmt(d.min)}</td><td>${h.fmt(d.median)}</td><td>${h.fmt(d.max)}</td><td>${d.values.map(h.fmt).join(' · ')}</td></tr>`).join('')}</tbody></table></section>`));
    return;
  }

  pane.innerHTML = `<label>Run <select id="run">${runOptions}</select></label> ${tab === 'house' ? `<label>Household <select id="house">${s.houses.map((x) => `<option value="${h.esc(x)}">${h.esc(x)}</option>`).join('')}</select></label>` : ''}<div id="detail"></div>`;
  const detail = pane.querySelector('#detail');
  const show = async () => {
    const r = pane.querySelector('#run').value;
    detail.innerHTML = '';
    if (tab === 'house') {
      const house = pane.querySelector('#house').value;
      h.view.querySelector('#houseKpis')?.remove();
      detail.append(h.el(`<div class="kpis" id="houseKpis">${h.cards(kpis.filter((k) => k.scope === `house ${house}`))}</div>`));
      const { jobs } = await h.api(`/api/runs/${id}/cossmic/jobs?run=${r}&house=${encodeURIComponent(house)}`);
      const shiftable = jobs.filter((j) => !j.background);
      const zero = Date.parse(s.time_zero);
      const hours = (t) => (Date.parse(t) - zero) / 3.6e6;
      const rows = shiftable.map((j) => [j.key, j.device_id, j.earliest_start, j.latest_start, j.start, j.producer, j.energy_kwh]);
      if (shiftable.length) {
        indexChart(detail, h, `House ${house}: requested window and scheduled start`, csvData(['job', 'device', 'earliest_start', 'latest_start', 'start', 'producer', 'energy_kwh'], rows), 'job',
          shiftable.map((_, i) => i + 1), `h from ${s.time_zero.slice(0, 16).replace('T', ' ')} UTC`,
          [{ label: 'earliest start', values: shiftable.map((j) => hours(j.earliest_start)) }, { label: 'latest start', values: shiftable.map((j) => hours(j.latest_start)) }, { label: 'scheduled start', values: shiftable.map((j) => hours(j.start)) }], true);
      }

      detail.append(h.el(`<table id="jobs"><thead><tr><th>Job</th><th>Device</th><th>Earliest</th><th>Latest</th><th>Start</th><th>Producer</th><th>Energy (kWh)</th><th>PV (kWh)</th></tr></thead><tbody>${jobs.map((j) => `
        <tr data-job="${h.esc(j.key)}" data-start="${h.esc(j.start)}"><td>${h.esc(j.key)}${j.background ? ' <small class="muted">background</small>' : ''}</td><td>${h.esc(j.device_id)}</td><td>${h.esc(j.earliest_start)}</td><td>${h.esc(j.latest_start)}</td><td>${h.esc(j.start)}</td><td>${h.esc(j.producer)}</td><td>${h.fmt(j.energy_kwh)}</td><td>${h.fmt(j.pv_kwh)}</td></tr>`).join('')}</tbody></table>`));
      detail.dataset.house = house;
      return;
    }

    const { houses } = await h.api(`/api/runs/${id}/cossmic/houses?run=${r}`);
    const rows = houses.map((x) => [x.house_id, x.jobs, x.demand_kwh, x.pv_kwh, x.grid_kwh, x.production_kwh, x.self_sufficiency ?? '']);
    indexChart(detail, h, `All households: energy in run ${Number(r) + 1}`, csvData(['house', 'jobs', 'demand_kwh', 'pv_kwh', 'grid_kwh', 'production_kwh', 'self_sufficiency'], rows), 'house (table order)',
      houses.map((_, i) => i + 1), 'kWh', [{ label: 'demand', values: houses.map((x) => x.demand_kwh) }, { label: 'from PV', values: houses.map((x) => x.pv_kwh) }, { label: 'from grid', values: houses.map((x) => x.grid_kwh) }, { label: 'production', values: houses.map((x) => x.production_kwh) }], true);
    detail.append(h.el(`<table id="houses"><thead><tr><th>#</th><th>House</th><th>Jobs</th><th>Demand (kWh)</th><th>PV (kWh)</th><th>Grid (kWh)</th><th>Production (kWh)</th><th>Self-sufficiency</th></tr></thead><tbody>${houses.map((x, i) => `
      <tr data-house="${h.esc(x.house_id)}"><td>${i + 1}</td><td>${h.esc(x.house_id)}</td><td>${x.jobs}</td><td>${h.fmt(x.demand_kwh)}</td><td>${h.fmt(x.pv_kwh)}</td><td>${h.fmt(x.grid_kwh)}</td><td>${h.fmt(x.production_kwh)}</td><td>${x.self_sufficiency == null ? '–' : (100 * x.self_sufficiency).toFixed(1) + ' %'}</td></tr>`).join('')}</tbody></table>`));
  };
  pane.querySelectorAll('select').forEach((x) => (x.onchange = show));
  await show();
}
