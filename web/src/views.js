// The result views of an ESDL/DOTS run beyond the basics: Plan (the EMS's instructions and each resource's operation
// modes over time, as step charts), Prediction (what the EMS planned on — the profiles and weather, a perfect forecast —
// against what was realised) and Compare (two runs side by side: KPI differences, overlaid import/export).
// h: the dashboard's helpers { view, api, esc, fmt, el, q }.
import { plot, table, fmt } from './plot.js';

const ALL = 100000; // the server's largest bucket count: one value per step for runs up to 100,000 steps
const OVERVIEW = 2000; // bucket means for the sums over the whole run

/** S2 battery operation modes by their code (BatteryMode in Quartier.Resources). */
export const batteryModes = ['IDLE', 'SELF_CONSUMPTION', 'NON_EXPORT', 'PEAK_SHAVING', 'GRID_SUPPORT_EXPORT', 'GRID_SUPPORT_IMPORT', 'FREQUENCY_REGULATION', 'RAMP_RATE_CONTROL', 'RESERVE_BACKUP', 'OUTAGE_SUPPLY', 'FORCED_CHARGE', 'FORCED_DISCHARGE', 'FAULT'];

/** What an EMS instructs and what a resource reports it runs, by ESDL type. */
const planOutputs = {
  EConnection: ['dispatch_ev', 'dispatch_battery', 'dispatch_pv', 'battery_mode', 'battery_factor', 'heat_power_to_house', 'heat_power_to_buffer', 'heat_power_to_dhw', 'heat_power_to_tank_dhw', 'heat_power_to_house_hhp', 'heat_power_to_buffer_hhp'],
  Battery: ['operation_mode', 'operation_mode_factor', 'power', 'in_transition'],
  GenericConsumer: ['operation_mode', 'operation_mode_factor', 'active_power', 'in_transition'],
  HeatPump: ['electric_power'],
  HybridHeatPump: ['electric_power', 'gas_power'],
  EVChargingStation: ['plugged_in'],
};
const instructionSums = [
  ['EConnection/dispatch_ev', 'EV charging'], ['EConnection/dispatch_battery', 'battery (+ charge)'], ['EConnection/heat_power_to_house', 'heat to house'],
  ['EConnection/heat_power_to_buffer', 'heat to buffer'], ['EConnection/heat_power_to_dhw', 'heat to hot water'], ['EConnection/heat_power_to_tank_dhw', 'heat to DHW tank'],
  ['EConnection/heat_power_to_house_hhp', 'hybrid HP heat to house'], ['EConnection/heat_power_to_buffer_hhp', 'hybrid HP heat to buffer'], ['GenericConsumer/active_power', 'S2 devices'],
];
const unitTitle = { W: 'power', code: 'operation mode', ratio: 'factor', flag: 'state', '0/1': 'state' };

const seconds = (time) => time.map((t) => Date.parse(t) / 1000);
const nonZero = (values) => values.some((v) => v !== null && Math.abs(v) > 1e-9);

/**
 * The step-wise sums of signals that exist in the run: [{ signal, label, time, values, unit, step_seconds }], at one value
 * per step, or at most `points` bucket means (power sums for a view of the whole run: a year at 15 min stays light).
 */
async function sums(h, id, list, points = ALL) {
  const got = await Promise.all(list.map(([signal]) => h.api(`/api/runs/${id}/series/sum?${h.q({ signal, points })}`).catch((e) => (e.status === 404 ? null : Promise.reject(e)))));
  return got.map((g, i) => g && { signal: list[i][0], label: list[i][1], time: g.time, values: g.mean, unit: g.unit, step_seconds: g.step_seconds }).filter(Boolean);
}

export async function planTab(pane, h, id) {
  const { series } = await h.api(`/api/runs/${id}/series`);
  const planned = series.filter((s) => (planOutputs[s.esdlType] || []).includes(s.output));
  if (!planned.length) {
    pane.innerHTML = '<p class="muted">This run recorded no instructions (Record: everything keeps the EMS\'s dispatch, battery modes and factors; a DOTS EMS or an instruction schedule gives them).</p>';
    return;
  }
  const found = (await sums(h, id, instructionSums, OVERVIEW)).filter((s) => s.unit === 'W');
  const shown = found.filter((s) => nonZero(s.values));
  if (shown.length) {
    plot(pane, { id: 'planAll', title: 'All resources: instructed power (sum over houses)', unit: 'W', time: true, step: true, xs: seconds(shown[0].time),
      lines: shown.map((s) => ({ label: s.label, values: s.values })), note: found.length > shown.length ? `always zero: ${found.filter((s) => !nonZero(s.values)).map((s) => s.label).join(', ')}` : '' });
  }
  const assets = [];
  for (const s of planned) if (!assets.some((a) => a.id === s.esdlId)) assets.push({ id: s.esdlId, name: s.esdlName || s.esdlId, type: s.esdlType });
  const types = Object.keys(planOutputs).filter((t) => assets.some((a) => a.type === t));
  pane.append(h.el(`<div><label>Resource <select id="resource">${types.map((t) => `<optgroup label="${h.esc(t)}">${assets.filter((a) => a.type === t).map((a) => `<option value="${h.esc(a.id)}">${h.esc(a.name)}</option>`).join('')}</optgroup>`).join('')}</select></label> <span class="muted">${assets.length} resources with instructions or operation modes</span></div>`));
  const box = h.el('<div id="planCharts"></div>');
  pane.append(box);
  const sel = pane.querySelector('#resource');
  const show = async () => {
    box.innerHTML = '';
    window.__quartier.charts = window.__quartier.charts.filter((c) => c.box.id === 'planAll');
    const mine = planned.filter((s) => s.esdlId === sel.value);
    const values = await Promise.all(mine.map((s) => h.api(`/api/runs/${id}/series/${s.id}?points=${ALL}`)));
    const byUnit = new Map();
    mine.forEach((s, i) => byUnit.set(s.unit, [...(byUnit.get(s.unit) || []), { s, v: values[i] }]));
    const name = sel.selectedOptions[0].textContent;
    for (const [unit, list] of byUnit) {
      const modes = unit === 'code';
      plot(box, { title: `${name}: ${unitTitle[unit] || unit}${modes ? ' (S2 battery modes)' : ''}`, unit, time: true, step: true, xs: seconds(list[0].v.time),
        lines: list.map(({ s, v }) => ({ label: s.output, values: v.mean, show: list.length === 1 || nonZero(v.mean) })), valueText: modes ? (v) => batteryModes[Math.round(v)] ?? String(v) : undefined,
        yRange: modes ? (u, min, max) => [Math.min(0, min) - 0.5, Math.max(1, max) + 0.5] : unit === 'ratio' || unit === 'flag' || unit === '0/1' ? (u, min, max) => [Math.min(0, min), Math.max(1, max)] : undefined,
        note: list.some(({ v }) => !nonZero(v.mean)) && list.length > 1 ? 'always-zero lines hidden (click to show)' : '', height: modes ? 220 : 260 });
    }
    box.dataset.resource = sel.value;
  };
  sel.onchange = show;
  await show();
}

/**
 * Forecast against realised, for the whole neighbourhood: the EMS plans on a perfect forecast of what it does not
 * control — the demand profiles and the PV potential —, so the forecast net load is demand − PV potential; the realised
 * net import adds what it dispatched (EV charging, heat pumps, batteries) and takes off what it curtailed.
 */
export async function predictionTab(pane, h, id) {
  const got = await sums(h, id, [['ElectricityDemand/active_power', 'demand profiles'], ['PVInstallation/potential_active_power', 'PV potential'], ['EConnection/net_power', 'realised: net import']]);
  const by = Object.fromEntries(got.map((g) => [g.signal.split('/')[0], g]));
  if (!by.EConnection || !(by.ElectricityDemand || by.PVInstallation)) {
    pane.innerHTML = '<p class="muted">This run recorded no forecast inputs (ElectricityDemand/active_power, PVInstallation/potential_active_power) next to the net import: record everything.</p>';
    return;
  }
  const net = by.EConnection, n = net.values.length;
  const demand = by.ElectricityDemand?.values || new Array(n).fill(0), pv = by.PVInstallation?.values || new Array(n).fill(0);
  const forecast = demand.map((d, i) => d - pv[i]);
  pane.append(h.el('<p class="muted" id="predictionNote">The EMS plans on a perfect forecast of what it does not control: the demand profiles and the PV potential the services step through. The forecast net load is their difference; the realised net import adds what the EMS dispatched (EV charging, heat pumps, batteries) and takes off curtailed PV.</p>'));
  const xs = seconds(net.time);
  plot(pane, { title: 'Net load: forecast against realised (all households)', unit: 'W', time: true, xs, lines: [{ label: 'forecast: demand − PV potential', values: forecast }, { label: net.label, values: net.values, dash: [6, 3] }] });
  plot(pane, { title: 'What the EMS planned on (all households)', unit: 'W', time: true, xs, lines: got.filter((g) => g !== net).map((g) => ({ label: g.label, values: g.values })) });
  const hours = net.step_seconds / 3600, kwh = (v) => v.reduce((a, b) => a + b, 0) * hours / 1000;
  const diff = net.values.map((v, i) => v - forecast[i]);
  const rows = [['net load', kwh(forecast), kwh(net.values), kwh(diff), diff.reduce((a, b) => a + Math.abs(b), 0) / n]];
  table(pane, { id: 'predictionErrors', title: 'Forecast against realised', header: ['quantity', 'forecast (kWh)', 'realised (kWh)', 'realised − forecast (kWh): dispatched', 'mean absolute difference (W)'], rows,
    rowData: () => `data-forecast="${rows[0][1]}" data-realised="${rows[0][2]}"` });
}

// ------------------------------------------------------------------ all runs of a sweep
/** The sweep (started on this server) that holds the run, or null. */
export async function sweepOf(h, id) {
  const { sweeps } = await h.api('/api/sweeps').catch(() => ({ sweeps: [] }));
  return sweeps.find((s) => (s.run_ids || []).includes(id)) || null;
}

const median = (v) => { const s = [...v].sort((a, b) => a - b), n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

/** KPI distributions across a sweep's runs: each KPI over the runs by unit, min/median/max, every run with its axis values. */
export async function allRunsTab(pane, h, run, kpis, sweepId) {
  const s = await h.api(`/api/sweeps/${sweepId}`);
  const done = s.runs.filter((r) => r.state === 'succeeded');
  const units = new Map(kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system').map((k) => [k.name, k.unit]));
  const names = [...units.keys()].filter((n) => done.some((r) => r.kpis[n] !== null && r.kpis[n] !== undefined));
  pane.append(h.el(`<p class="muted">Sweep <strong>${h.esc(s.name)}</strong> (<code>${h.esc(s.id)}</code>): ${done.length} of ${s.runs.length} runs finished; axes ${s.axes.map((a) => `${h.esc(a.name)} = ${a.values.map((v) => h.esc(JSON.stringify(v))).join(', ')}`).join('; ')}. <a href="/api/sweeps/${h.esc(s.id)}/table.csv" download>Sweep table (CSV)</a></p>`));
  const xs = done.map((r) => r.index);
  for (const unit of [...new Set(names.map((n) => units.get(n)))]) {
    const mine = names.filter((n) => units.get(n) === unit);
    plot(pane, { title: `KPIs across the sweep's runs: ${unit}`, unit, xLabel: 'run (sweep index)', xs, points: true, lines: mine.map((n) => ({ label: n, values: done.map((r) => r.kpis[n] ?? null) })) });
  }
  const rows = names.map((n) => { const v = done.map((r) => r.kpis[n]).filter((x) => x !== null && x !== undefined); return [n.replaceAll('_', ' '), units.get(n), Math.min(...v), median(v), Math.max(...v), done.find((r) => r.run_id === run.id)?.kpis[n] ?? null]; });
  table(pane, { id: 'distributions', title: `Distribution across ${done.length} run(s)`, header: ['KPI', 'unit', 'min', 'median', 'max', 'this run'], rows,
    rowData: (i) => `data-kpi="${h.esc(names[i])}" data-min="${rows[i][2]}" data-median="${rows[i][3]}" data-max="${rows[i][4]}"` });
  const axes = s.axes.map((a) => a.name);
  table(pane, { id: 'sweepRuns', title: 'Runs of the sweep', header: ['run', ...axes, 'state', 'id'], rows: s.runs.map((r) => [String(r.index), ...axes.map((a) => JSON.stringify(r.values[a])), r.state, r.run_id]),
    rowData: (i) => `data-run="${h.esc(s.runs[i].run_id)}"` });
  pane.querySelectorAll('#sweepRuns tbody tr').forEach((tr) => { const td = tr.lastElementChild; td.innerHTML = `<a href="#/run/${h.esc(tr.dataset.run)}">${h.esc(tr.dataset.run)}</a>`; });
}

// ------------------------------------------------------------------ compare
const isCossmic = (run) => run.source === 'cossmic' || (run.parameters || '').includes('"kind":"cossmic"');
const systemKpis = (list) => list.filter((k) => !k.scope || k.scope.toLowerCase() === 'system');

/** Two runs side by side: a run selector, KPI table with differences, overlaid charts (h.extraCompare draws kind-specific ones). */
export async function compareTab(pane, h, run, extra) {
  const { runs } = await h.api('/api/runs?status=succeeded&limit=200');
  const others = runs.filter((r) => r.id !== run.id);
  if (!others.length) {
    pane.innerHTML = '<p class="muted">No other finished run to compare with.</p>';
    return;
  }
  const preferred = others.find((r) => isCossmic(r) === isCossmic(run)) || others[0];
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('with');
  pane.innerHTML = `<label>Compare with <select id="compareWith">${others.map((r) => `<option value="${h.esc(r.id)}" ${r.id === (wanted || preferred.id) ? 'selected' : ''}>${h.esc(r.name)} (${h.esc(r.id)})</option>`).join('')}</select></label><div id="compare"></div>`;
  const box = pane.querySelector('#compare');
  const sel = pane.querySelector('#compareWith');
  const show = async () => {
    box.innerHTML = '';
    window.__quartier.charts = [];
    const other = await h.api(`/api/runs/${sel.value}`);
    const [a, b] = await Promise.all([run.id, other.id].map(async (x) => systemKpis((await h.api(`/api/runs/${x}/kpis`)).kpis)));
    const names = [...new Set([...a.map((k) => k.name), ...b.map((k) => k.name)])];
    const rows = names.map((n) => {
      const ka = a.find((k) => k.name === n), kb = b.find((k) => k.name === n);
      const va = ka?.value ?? null, vb = kb?.value ?? null;
      return [n.replaceAll('_', ' '), (ka || kb).unit, va, vb, va !== null && vb !== null ? vb - va : null];
    });
    table(box, { id: 'compareKpis', title: `KPIs: ${run.name} against ${other.name}`, header: ['KPI', 'unit', `A: ${run.name} (${run.id})`, `B: ${other.name} (${other.id})`, 'B − A'], rows,
      rowData: (i) => `data-kpi="${h.esc(names[i])}" data-a="${rows[i][2] ?? ''}" data-b="${rows[i][3] ?? ''}" data-diff="${rows[i][4] ?? ''}"` });
    if (!isCossmic(run) && !isCossmic(other)) await overlay(box, h, run, other);
    else if (extra && isCossmic(run) && isCossmic(other)) await extra(box, run, other);
    box.dataset.with = other.id;
  };
  sel.onchange = show;
  await show();
}

/** Net import/export and import, export of two ESDL runs over the hours since each run's start. */
async function overlay(box, h, a, b) {
  for (const [title, signals] of [['Net import (+) / export (−), all households', [['EConnection/net_power', 'net import']]], ['Import and export, all households', [['EConnection/import_power', 'import'], ['EConnection/export_power', 'export']]]]) {
    const [sa, sb] = await Promise.all([a, b].map((r) => sums(h, r.id, signals, OVERVIEW)));
    if (!sa.length || !sb.length) continue;
    const hours = (s) => seconds(s.time).map((t, i, all) => (t - all[0]) / 3600);
    const xa = hours(sa[0]), xb = hours(sb[0]);
    const xs = [...new Set([...xa, ...xb])].sort((p, q) => p - q);
    const on = (x, s) => { const at = new Map(x.map((t, i) => [t, i])); return xs.map((t) => (at.has(t) ? s.values[at.get(t)] : null)); };
    plot(box, { title: `${title}: A against B`, unit: 'W', xLabel: 'hours since the run\'s start (h)', xs, spanGaps: true,
      lines: [...sa.map((s) => ({ label: `A ${s.label}`, values: on(xa, s) })), ...sb.map((s) => ({ label: `B ${s.label}`, values: on(xb, s), dash: [6, 3] }))] });
  }
}

export { fmt };
