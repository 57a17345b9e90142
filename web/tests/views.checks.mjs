// The browser checks of the result views Plan, Prediction, Compare and the Grid's network view, for an ESDL run
// (dashboard.test.mjs) and a CoSSMic run set (cossmic.test.mjs): each tab is opened, its charts must hold the expected
// series with the API's values, its tables the API's figures, every chart a CSV link; a screenshot of each.
import { check } from './browser.mjs';

const ALL = 100000;
const same = (a, b, what, tol = 1e-9) => check(a.length === b.length && a.every((v, i) => (v === null && b[i] === null) || Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i]))), `${what} (${a.length} values)`);
const drawn = (page, label) => page.evaluate((label) => {
  const c = window.__quartier.charts.find((x) => x.box.isConnected && x.labels.includes(label));
  return c ? c.u.data[1 + c.labels.indexOf(label)] : null;
}, label);
const charts = (page, scope) => page.$$eval(`${scope} .chart`, (els) => els.map((e) => ({ title: e.dataset.title, series: e.dataset.series, points: Number(e.dataset.points), csv: e.querySelector('h3 a[download]')?.getAttribute('href') || '' })));
const chartsIn = (page, scope, n) => page.waitForFunction(([scope, n]) => { const c = [...document.querySelectorAll(`${scope} .chart`)]; return c.length >= n && c.every((x) => x.dataset.drawn); }, [scope, n], { timeout: 60000 });
const csvOk = (list) => check(list.every((c) => c.csv.startsWith('data:text/csv') && decodeURIComponent(c.csv).split('\n').length > c.points), `every chart has a CSV link with its ${list.map((c) => c.points).join('/')} rows`);
/** Polls a run until it has ended; its status. */
export async function ended(get, id) {
  for (let i = 0; i < 1200; i++) {
    const r = await get(`/api/runs/${id}`);
    if (!['queued', 'running'].includes(r.status)) return r.status;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`run ${id} did not end`);
}
const tab = async (page, name) => { await page.click(`[data-tab=${name}]`); await page.waitForFunction((n) => document.querySelector(`[data-tab=${n}]`)?.getAttribute('aria-selected') === 'true' && document.body.dataset.ready?.includes(`/${n}`), name, { timeout: 30000 }); };

/** Grid (network view), Plan, Prediction and Compare (with otherId) of an ESDL run; the page shows the run's Grid tab. */
export async function esdlViews({ page, get, shot }, runId, otherId) {
  // network view: every cable of the feeder with the API's peak loading, every house
  await page.waitForSelector('#network .feeder svg', { timeout: 30000 });
  const net = (await get(`/api/runs/${runId}/network`)).feeders[0];
  const cables = await page.$$eval('#network path.cable', (els) => els.map((e) => ({ name: e.dataset.cable, peak: e.dataset.peak, colour: e.getAttribute('stroke') })));
  check(cables.length === net.cables.length && cables.length === 187, `network view draws ${cables.length} cables`);
  check(net.cables.every((c, i) => cables[i].name === c.name && cables[i].peak === String(c.peak_loading ?? '')), 'each cable carries the API\'s peak loading');
  const over = net.cables.filter((c) => c.peak_loading >= 100).length;
  check(over > 0 && cables.filter((c) => c.colour === '#D55E00').length === over, `${over} overloaded cables drawn in vermilion`);
  check((await page.$$('#network g.house')).length === 60 && (await page.$$('#network g.transformer')).length === 1, 'the network view shows 60 houses and the transformer');
  check((await page.getAttribute('#network .feeder h3 a[download]', 'href')).startsWith('data:text/csv'), 'the network view has a CSV of its cables');
  await page.$eval('#network', (e) => e.scrollIntoView());
  await shot('10-results-grid-network');

  // plan: the sum of the EMS's instructions, then one house's instructions by unit, as step charts
  await tab(page, 'plan');
  await chartsIn(page, '#tab', 2);
  const ev = await get(`/api/runs/${runId}/series/sum?signal=EConnection/dispatch_ev&points=2000`);
  let list = await charts(page, '#tab');
  check(list[0].series.split('|').includes('EV charging') && list[0].points === 96, `plan overview: ${list[0].series}`);
  same(await drawn(page, 'EV charging'), ev.mean, 'the plan overview draws the API\'s sum of EV dispatch');
  const { series: dispatch } = await get(`/api/runs/${runId}/series?signal=EConnection/dispatch_ev`);
  let house = null;
  for (const s of dispatch) {
    const v = await get(`/api/runs/${runId}/series/${s.id}?points=${ALL}`);
    if (v.mean.some((x) => x > 0)) { house = { s, v }; break; }
  }
  await page.selectOption('#resource', house.s.esdlId);
  await page.waitForFunction((id) => { const b = document.querySelector('#planCharts'); const c = [...b.querySelectorAll('.chart')]; return b.dataset.resource === id && c.length > 0 && c.every((x) => x.dataset.drawn); }, house.s.esdlId, { timeout: 30000 });
  const own = (await get(`/api/runs/${runId}/series?asset=${house.s.esdlId}`)).series.filter((s) => s.esdlType === 'EConnection' && /^(dispatch_|battery_mode|battery_factor|heat_power_to_)/.test(s.output));
  list = await charts(page, '#planCharts');
  const labels = list.flatMap((c) => c.series.split('|'));
  check(labels.length === own.length && own.every((s) => labels.includes(s.output)), `${house.s.esdlName}'s instructions: ${labels.join(', ')}`);
  check(list.some((c) => c.title.endsWith('operation mode (S2 battery modes)')), 'battery modes have their own chart with S2 mode names');
  same(await drawn(page, 'dispatch_ev'), house.v.mean, `${house.s.esdlName}: the EV dispatch drawn is the API's`);
  csvOk(await charts(page, '#tab'));
  await shot('11-results-plan');

  // prediction: the net load the EMS forecast (demand profiles − PV potential) against the realised net import
  await tab(page, 'prediction');
  await chartsIn(page, '#tab', 2);
  list = await charts(page, '#tab');
  check(list[0].series === 'forecast: demand − PV potential|realised: net import' && list[1].series === 'demand profiles|PV potential', `prediction charts: ${list.map((c) => c.series).join(' / ')}`);
  const [demand, pv, netLoad] = await Promise.all(['ElectricityDemand/active_power', 'PVInstallation/potential_active_power', 'EConnection/net_power'].map((s) => get(`/api/runs/${runId}/series/sum?signal=${s}&points=${ALL}`)));
  const forecast = demand.mean.map((d, i) => d - pv.mean[i]);
  same(await drawn(page, 'forecast: demand − PV potential'), forecast, 'the forecast drawn is the API\'s demand − PV potential');
  same(await drawn(page, 'realised: net import'), netLoad.mean, 'the realised net import drawn is the API\'s');
  same(await drawn(page, 'PV potential'), pv.mean, 'the PV potential drawn is the API\'s');
  const forecastKwh = Number(await page.getAttribute('#predictionErrors tbody tr', 'data-forecast'));
  const want = forecast.reduce((a, b) => a + b, 0) * (netLoad.step_seconds / 3600) / 1000;
  check(Math.abs(forecastKwh - want) < 1e-9 * Math.abs(want) && pv.mean.some((v) => v > 1000), `forecast net load ${forecastKwh.toFixed(3)} kWh = the API's`);
  csvOk(list);
  await shot('12-results-prediction');

  // compare: KPI differences and the two runs' import/export overlaid
  check(await ended(get, otherId) === 'succeeded', `the second run ${otherId} succeeded`);
  await page.goto(page.url().replace(/#.*$/, `#/run/${runId}/compare?with=${otherId}`));
  await page.waitForFunction((o) => document.querySelector('#compare')?.dataset.with === o, otherId, { timeout: 30000 });
  await chartsIn(page, '#compare', 2);
  const [ka, kb] = await Promise.all([runId, otherId].map(async (r) => (await get(`/api/runs/${r}/kpis`)).kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system')));
  for (const k of ka.filter((x) => x.value !== null).slice(0, 12)) {
    const b = kb.find((x) => x.name === k.name);
    const row = await page.$eval(`#compareKpis tr[data-kpi="${k.name}"]`, (e) => [e.dataset.a, e.dataset.b, e.dataset.diff]);
    check(row[0] === String(k.value) && row[1] === String(b?.value ?? '') && (b?.value == null || Math.abs(Number(row[2]) - (b.value - k.value)) < 1e-9 * Math.max(1, Math.abs(b.value))), `compare ${k.name}: A ${row[0]} B ${row[1]} B−A ${row[2]}`);
  }
  list = await charts(page, '#compare');
  check(list[0].series === 'A net import|B net import' && list[1].series === 'A import|A export|B import|B export', `compare charts: ${list.map((c) => c.series).join(' / ')}`);
  const [na, nb] = await Promise.all([runId, otherId].map((r) => get(`/api/runs/${r}/series/sum?signal=EConnection/net_power&points=2000`)));
  same(await drawn(page, 'A net import'), na.mean, 'run A\'s net import is the API\'s');
  same(await drawn(page, 'B net import'), nb.mean, 'run B\'s net import is the API\'s');
  check(na.mean.some((v, i) => v !== nb.mean[i]), 'the two runs differ');
  csvOk(list);
  await shot('13-results-compare');
  await page.click('#theme');
  await chartsIn(page, '#compare', 2);
  await shot('14-results-compare-dark');
  await page.goto(page.url().replace(/#.*$/, `#/run/${runId}/grid`));
  await page.waitForSelector('#network .feeder svg', { timeout: 30000 });
  await page.$eval('#network', (e) => e.scrollIntoView());
  await shot('15-results-grid-network-dark');
  await page.click('#theme');
}

/** Plan, Prediction and Compare (with otherId) of a CoSSMic run set. */
export async function cossmicViews({ page, get, shot }, runId, otherId) {
  // plan: per device of the first house, its jobs' earliest, scheduled and latest starts counted over time
  await tab(page, 'plan');
  await page.waitForFunction(() => document.querySelector('#planCharts')?.dataset.house, null, { timeout: 30000 });
  await chartsIn(page, '#planCharts', 1);
  const house = await page.$eval('#house', (e) => e.value);
  const { jobs } = await get(`/api/runs/${runId}/cossmic/jobs?run=0&house=${encodeURIComponent(house)}`);
  const devices = [...new Set(jobs.filter((j) => !j.background).map((j) => j.device_id))];
  let list = await charts(page, '#planCharts');
  check(list.length === devices.length && list.every((c) => c.series === 'earliest start reached|scheduled start|latest start reached'), `house ${house}: one plan chart per device (${devices.join(', ')})`);
  for (const [i, d] of devices.entries()) {
    const scheduled = await page.evaluate((i) => window.__quartier.charts.filter((c) => c.box.isConnected)[i].u.data[2], i);
    const n = jobs.filter((j) => !j.background && j.device_id === d).length;
    check(scheduled[scheduled.length - 1] === n && scheduled[0] <= scheduled[scheduled.length - 1], `device ${d}: ${n} scheduled starts by the end`);
  }
  csvOk(list);
  await shot('25-cossmic-plan');

  // prediction: the neighbourhood's predictions against the actual production, then one producer's every prediction
  await tab(page, 'prediction');
  await chartsIn(page, '#predictionCharts', 1);
  const all = await get(`/api/runs/${runId}/cossmic/predictions?run=0`);
  list = await charts(page, '#predictionCharts');
  check(list[0].series === all.lines.map((l) => l.label).join('|') && list[0].points === all.time.length, `prediction chart: ${list[0].series}`);
  for (const l of all.lines) same(await drawn(page, l.label), l.values, `${l.label} drawn as the API gives it`);
  check(all.lines[2].values.some((v) => v > 1000), 'the actual production is real (over 1 kW in some hour)');
  const kwh = Number(await page.getAttribute('#predictionErrors tr[data-line="actual production"]', 'data-kwh'));
  check(Math.abs(kwh - all.lines[2].values.reduce((a, b) => a + b, 0) / 1000) < 1e-9, `actual production ${kwh.toFixed(2)} kWh in the table`);
  const producer = all.producers[0];
  await page.selectOption('#producer', producer.id);
  await page.waitForFunction((p) => document.querySelector('#predictionCharts')?.dataset.producer === p, producer.id, { timeout: 30000 });
  list = await charts(page, '#predictionCharts');
  check(list[0].series.split('|').length === producer.predictions + 1, `producer ${producer.id}: ${list[0].series}`);
  csvOk(list);
  await shot('26-cossmic-prediction');

  // compare with a second run set: KPI differences and each run's PV share
  check(await ended(get, otherId) === 'succeeded', `the second run set ${otherId} succeeded`);
  await page.goto(page.url().replace(/#.*$/, `#/run/${runId}/compare?with=${otherId}`));
  await page.waitForFunction((o) => document.querySelector('#compare')?.dataset.with === o, otherId, { timeout: 30000 });
  await chartsIn(page, '#compare', 2);
  const [sa, sb] = await Promise.all([runId, otherId].map((r) => get(`/api/runs/${r}/cossmic`)));
  const row = await page.$eval('#compareKpis tr[data-kpi="pv_share"]', (e) => [e.dataset.a, e.dataset.b]);
  const mean = (s) => s.distributions.find((d) => d.name === 'pv_share').values;
  const ka = (await get(`/api/runs/${runId}/kpis`)).kpis.find((k) => k.name === 'pv_share' && (!k.scope || k.scope === 'system'));
  check(row[0] === String(ka.value), `compare pv_share A ${row[0]}`);
  list = await charts(page, '#compare');
  check(list[0].title.startsWith('pv share of every run') && list[0].points === Math.max(sa.runs.length, sb.runs.length), `compare charts: ${list.map((c) => c.title).join(' / ')}`);
  same((await drawn(page, list[0].series.split('|')[0])).slice(0, sa.runs.length), mean(sa), 'A\'s PV share per run is the API\'s');
  csvOk(list);
  await shot('27-cossmic-compare');
}

/** A sweep of the scenario (EMS rule and DOTS, 6 h, no power flow): the All runs tab of its first run. */
export async function sweepViews({ page, get, base, shot }, scenarioId) {
  const body = JSON.stringify({ name: 'arch72 ems', base: scenarioId, settings: { duration: '6h', power_flow: false, record: 'EConnection/net_power' }, axes: [{ name: 'ems', values: ['rule', 'dots'] }] });
  const r = await fetch(`${base}/api/sweeps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const sweep = await r.json();
  check(r.status === 201 && sweep.runs.length === 2, `sweep ${sweep.id} started with 2 runs`);
  for (const x of sweep.runs) check(await ended(get, x.run_id) === 'succeeded', `sweep run ${x.index} (ems ${x.values.ems}) succeeded`);
  const s = await get(`/api/sweeps/${sweep.id}`);
  const first = s.runs[0].run_id;
  await page.goto(page.url().replace(/#.*$/, `#/run/${first}/runs`));
  await page.waitForSelector('#distributions');
  await chartsIn(page, '#tab', 1);
  const list = await charts(page, '#tab');
  check(list.length > 1 && list.every((c) => c.points === 2), `all-runs charts: ${list.map((c) => c.title).join(' / ')}`);
  const rows = await page.$$eval('#distributions tbody tr', (els) => els.map((e) => ({ kpi: e.dataset.kpi, min: Number(e.dataset.min), median: Number(e.dataset.median), max: Number(e.dataset.max) })));
  check(rows.length > 5, `${rows.length} KPIs in the distribution table`);
  for (const row of rows) {
    const v = s.runs.map((x) => x.kpis[row.kpi]).filter((x) => x !== null && x !== undefined);
    const want = [Math.min(...v), (v[0] + v[1]) / 2, Math.max(...v)];
    check(Math.abs(row.min - want[0]) <= 1e-12 * Math.max(1, Math.abs(want[0])) && Math.abs(row.median - want[1]) <= 1e-12 * Math.max(1, Math.abs(want[1])) && Math.abs(row.max - want[2]) <= 1e-12 * Math.max(1, Math.abs(want[2])), `${row.kpi}: min ${row.min} median ${row.median} max ${row.max}`);
  }
  const imported = s.runs.map((x) => x.kpis.energy_imported);
  same(await drawn(page, 'energy_imported'), imported, 'energy imported of both sweep runs drawn as the API gives it');
  check((await page.$$('#sweepRuns tbody tr')).length === 2, 'both sweep runs listed with their axis values');
  csvOk(list);
  await shot('16-results-all-runs-sweep');
}
