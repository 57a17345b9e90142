// A CoSSMic run set's Plan (each device's jobs over time: how many had their earliest start, were scheduled to start,
// had to start by then — step charts per device), Prediction (the producers' PV predictions as the scheduler knew them
// against the actual production, /api/runs/{id}/cossmic/predictions) and the CoSSMic part of Compare.
import { plot, table } from './plot.js';

const seconds = (t) => Date.parse(t) / 1000;
const runSelect = (s) => `<label>Run <select id="run">${s.runs.map((r) => `<option value="${r.run}">run ${r.run + 1} (seed ${r.seed})</option>`).join('')}</select></label>`;

/** Cumulative counts of each list of instants at every instant in xs (a job counts from its instant on). */
const cumulative = (xs, instants) => { const sorted = [...instants].sort((a, b) => a - b); let k = 0; return xs.map((x) => { while (k < sorted.length && sorted[k] <= x) k++; return k; }); };

export async function cossmicPlanTab(pane, h, s) {
  const id = s.run_id;
  pane.innerHTML = `${runSelect(s)} <label>Household <select id="house">${s.houses.map((x) => `<option value="${h.esc(x)}">${h.esc(x)}</option>`).join('')}</select></label>
    <p class="muted">Each device's shiftable jobs over time: how many may have started (earliest start), were scheduled to start, and had to have started (latest start); the scheduled line runs between the two.</p><div id="planCharts"></div>`;
  const box = pane.querySelector('#planCharts');
  const show = async () => {
    box.innerHTML = '';
    window.__quartier.charts = [];
    const house = pane.querySelector('#house').value;
    const { jobs } = await h.api(`/api/runs/${id}/cossmic/jobs?run=${pane.querySelector('#run').value}&house=${encodeURIComponent(house)}`);
    const shiftable = jobs.filter((j) => !j.background);
    const devices = [...new Set(shiftable.map((j) => j.device_id))];
    for (const device of devices) {
      const mine = shiftable.filter((j) => j.device_id === device);
      const events = [...new Set(mine.flatMap((j) => [j.earliest_start, j.start, j.latest_start]).map(seconds))].sort((a, b) => a - b);
      const t0 = seconds(s.time_zero), end = t0 + s.days * 86400;
      const xs = [t0, ...events.filter((t) => t > t0), ...(events[events.length - 1] < end ? [end] : [])];
      plot(box, { title: `House ${house}, device ${device}: jobs over time`, unit: 'jobs', time: true, step: true, xs, lines: [
        { label: 'earliest start reached', values: cumulative(xs, mine.map((j) => seconds(j.earliest_start))) },
        { label: 'scheduled start', values: cumulative(xs, mine.map((j) => seconds(j.start))), width: 2.5 },
        { label: 'latest start reached', values: cumulative(xs, mine.map((j) => seconds(j.latest_start))), dash: [6, 3] },
      ] });
    }
    if (!devices.length) box.innerHTML = '<p class="muted">This household has no shiftable jobs (only background loads).</p>';
    box.dataset.house = house;
  };
  pane.querySelectorAll('select').forEach((x) => (x.onchange = show));
  await show();
}

export async function cossmicPredictionTab(pane, h, s) {
  const id = s.run_id;
  const first = await h.api(`/api/runs/${id}/cossmic/predictions`).catch((e) => (e.status === 404 ? e : Promise.reject(e)));
  if (first instanceof Error) {
    pane.innerHTML = `<p class="muted">${h.esc(first.message)}</p>`;
    return;
  }
  pane.innerHTML = `${runSelect(s)} <label>Producer <select id="producer"><option value="">all producers (sum)</option>${first.producers.map((p) => `<option value="${h.esc(p.id)}">${h.esc(p.id)} (house ${h.esc(p.house_id)}, ${p.predictions} predictions)</option>`).join('')}</select></label>
    <p class="muted">Mean power per hour of each PV prediction as the scheduler knew it once it was issued (merged with the earlier ones), against the production the run balanced (the final prediction, varied per run by the prediction error).</p><div id="predictionCharts"></div>`;
  const box = pane.querySelector('#predictionCharts');
  const show = async () => {
    box.innerHTML = '';
    window.__quartier.charts = [];
    const producer = pane.querySelector('#producer').value;
    const d = await h.api(`/api/runs/${id}/cossmic/predictions?${h.q({ run: pane.querySelector('#run').value, producer })}`);
    plot(box, { title: `${producer || 'All producers'}: PV predictions against actual production`, unit: d.unit, time: true, step: true, xs: d.time.map(seconds),
      lines: d.lines.map((l, i) => ({ label: l.label, values: l.values, width: i === d.lines.length - 1 ? 2.5 : 1.5, dash: i === d.lines.length - 1 ? undefined : [5, 3] })) });
    const actual = d.lines[d.lines.length - 1].values;
    const kwh = (v) => v.reduce((a, b) => a + b, 0) / 1000;
    const rows = d.lines.map((l) => [l.label, l.issued ? l.issued.replace('T', ' ').slice(0, 16) : '', kwh(l.values), kwh(l.values) - kwh(actual), l.values.reduce((a, v, i) => a + Math.abs(v - actual[i]), 0) / actual.length]);
    table(box, { id: 'predictionErrors', title: 'Energy of each prediction against the actual production', header: ['line', 'issued (UTC)', 'energy (kWh)', 'minus actual (kWh)', 'mean absolute difference (W)'], rows,
      rowData: (i) => `data-line="${h.esc(d.lines[i].label)}" data-kwh="${rows[i][2]}"` });
    box.dataset.producer = producer;
  };
  pane.querySelectorAll('select').forEach((x) => (x.onchange = show));
  await show();
}

/** Compare's charts for two CoSSMic run sets: the PV share and the jobs' grid energy of every run, A against B. */
export async function cossmicCompare(box, h, a, b) {
  const [sa, sb] = await Promise.all([a, b].map((r) => h.api(`/api/runs/${r.id}/cossmic`)));
  const n = Math.max(sa.runs.length, sb.runs.length);
  const xs = Array.from({ length: n }, (_, i) => i + 1);
  const pad = (values) => xs.map((_, i) => values[i] ?? null);
  for (const [name, unit] of [['pv_share', 'ratio'], ['job_grid_energy', 'kWh']]) {
    const da = sa.distributions.find((d) => d.name === name), db = sb.distributions.find((d) => d.name === name);
    plot(box, { title: `${name.replaceAll('_', ' ')} of every run: A against B`, unit, xLabel: 'run', xs, points: true,
      lines: [{ label: `A ${a.name}`, values: pad(da.values) }, { label: `B ${b.name}`, values: pad(db.values) }] });
  }
}

export { table };
