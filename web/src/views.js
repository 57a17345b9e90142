// The result views of an ESDL/DOTS run beyond the basics: Plan (the EMS's instructions and each resource's operation
// modes over time, as step charts), Prediction (what the EMS planned on — the profiles and weather, a perfect forecast —
// against what was realised) and Compare (two runs side by side: KPI differences, overlaid import/export).
// h: the dashboard's helpers { view, api, esc, fmt, el, q }.
import { plot, table, fmt } from './plot.js';

const ALL = 100000; // the server's largest bucket count: one value per step for runs up to 100,000 steps

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

/** The step-wise sums of signals that exist in the run: [{ signal, label, time, values, unit, step_seconds }]. */
async function sums(h, id, list) {
  const got = await Promise.all(list.map(([signal]) => h.api(`/api/runs/${id}/series/sum?${h.q({ signal, points: ALL })}`).catch((e) => (e.status === 404 ? null : Promise.reject(e)))));
  return got.map((g, i) => g && { signal: list[i][0], label: list[i][1], time: g.time, values: g.mean, unit: g.unit, step_seconds: g.step_seconds }).filter(Boolean);
}

export async function planTab(pane, h, id) {
  const { series } = await h.api(`/api/runs/${id}/series`);
  const planned = series.filter((s) => (planOutputs[s.esdlType] || []).includes(s.output));
  if (!planned.length) {
    pane.innerHTML = '<p class="muted">This run recorded no instructions (Record: everything keeps the EMS\'s dispatch, battery modes and factors; a DOTS EMS or an instruction schedule gives them).</p>';
    return;
  }
  const found = (await sums(h, id, instructionSums)).filter((s) => s.unit === 'W');
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
        lines: list.map(({ s, v }) => ({ label: s.output, values: v.mean })), valueText: modes ? (v) => batteryModes[Math.round(v)] ?? String(v) : undefined, height: modes ? 220 : 260 });
    }
    box.dataset.resource = sel.value;
  };
  sel.onchange = show;
  await show();
}

/** Forecast (what the EMS planned on) against realised, for the whole neighbourhood. */
export async function predictionTab(pane, h, id) {
  const pairs = [
    ['PV', 'PVInstallation/potential_active_power', 'forecast: PV potential', 'EConnection/pv_power', 'realised: PV used or exported'],
    ['Load', 'ElectricityDemand/active_power', 'forecast: demand profiles', 'EConnection/consumption_power', 'realised: site consumption'],
  ];
  pane.append(h.el('<p class="muted" id="predictionNote">The EMS plans on a perfect forecast: the profiles and weather the services step through (PV potential, demand profiles). What is realised differs by curtailed PV and by the controllable loads the EMS adds (EV charging, heat pumps, batteries).</p>'));
  const rows = [];
  for (const [what, fSignal, fLabel, rSignal, rLabel] of pairs) {
    const got = await sums(h, id, [[fSignal, fLabel], [rSignal, rLabel]]);
    if (got.length < 2) continue;
    const [f, r] = got;
    plot(pane, { title: `${what}: forecast against realised (all households)`, unit: 'W', time: true, xs: seconds(f.time), lines: [{ label: f.label, values: f.values }, { label: r.label, values: r.values, dash: [6, 3] }] });
    const hours = f.step_seconds / 3600;
    const diff = r.values.map((v, i) => v - f.values[i]);
    rows.push([what, f.values.reduce((a, b) => a + b, 0) * hours / 1000, r.values.reduce((a, b) => a + b, 0) * hours / 1000,
      diff.reduce((a, b) => a + b, 0) / diff.length, diff.reduce((a, b) => a + Math.abs(b), 0) / diff.length]);
  }
  if (!rows.length) {
    pane.innerHTML = '<p class="muted">This run recorded no forecast and realised pairs (PV potential and EConnection PV, demand profiles and consumption): record everything.</p>';
    return;
  }
  table(pane, { id: 'predictionErrors', title: 'Forecast against realised', header: ['quantity', 'forecast (kWh)', 'realised (kWh)', 'bias (W)', 'mean absolute difference (W)'], rows,
    rowData: (i) => `data-quantity="${rows[i][0]}" data-forecast="${rows[i][1]}" data-realised="${rows[i][2]}"` });
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
    const [sa, sb] = await Promise.all([a, b].map((r) => sums(h, r.id, signals)));
    if (!sa.length || !sb.length) continue;
    const hours = (s) => seconds(s.time).map((t, i, all) => (t - all[0] + s.step_seconds) / 3600);
    const xa = hours(sa[0]), xb = hours(sb[0]);
    const xs = [...new Set([...xa, ...xb])].sort((p, q) => p - q);
    const on = (x, s) => { const at = new Map(x.map((t, i) => [t, i])); return xs.map((t) => (at.has(t) ? s.values[at.get(t)] : null)); };
    plot(box, { title: `${title}: A against B`, unit: 'W', xLabel: 'hours since the run\'s start (h)', xs,
      lines: [...sa.map((s) => ({ label: `A ${s.label}`, values: on(xa, s) })), ...sb.map((s) => ({ label: `B ${s.label}`, values: on(xb, s), dash: [6, 3] }))] });
  }
}

export { fmt };
