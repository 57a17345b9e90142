// The neighbourhood editor's browser test: Debian's chromium driven by playwright-core against a running `quartier serve`.
// Usage: node web/tests/editor.test.mjs BASE_URL - ARTIFACTS_DIR
// Builds a two-house neighbourhood through the editor's forms (base loads, PV, a washing machine, an EV, a heat pump
// whose job comes from pasted XML), sees a job outside the time span refused next to its field, saves, checks the saved
// document and the exports through the API, opens it again from the list, runs it with 3 runs, follows the run to the
// end, opens every results tab, checks the charts hold the expected series and the KPI cards equal the API's, and keeps
// a screenshot of every page in ARTIFACTS_DIR (30-… .png).
import { fmt, check, open, charts as chartsOf, openResultsWithKpiCards, checkDistributions } from './browser.mjs';

const b = await open('editor.test.mjs', '-');
const { base, get, browser, page, errors, shot } = b;
const charts = () => chartsOf(page);
const fill = async (path, value) => page.fill(`[data-path="${path}"]`, String(value));
const addDevice = async (house, kind) => {
  const before = await page.$$eval(`[data-path="houses[${house}]"] .device`, (d) => d.length);
  await page.selectOption(`[data-path="houses[${house}]"] .new-kind`, kind);
  await page.click(`[data-add-device="${house}"]`);
  await page.waitForSelector(`[data-path="houses[${house}].devices[${before}]"][data-kind="${kind}"]`);
  return `houses[${house}].devices[${before}]`;
};
const unix = (iso) => Date.parse(iso) / 1000;
try {
  await page.goto(`${base}/#/editor`);
  await page.waitForSelector('#fromXml');
  check((await get('/api/neighbourhoods')).neighbourhoods.length === 0, 'no neighbourhoods at the start');

  // a new neighbourhood: one day from 2026-06-01 00:00 UTC
  await page.click('#newNb');
  await page.waitForSelector('#general');
  await fill('name', 'Two houses');
  await fill('start', '2026-06-01T00:00');
  await fill('days', 1);

  // house 1: base load, PV, a washing machine with one job (first with its latest start a day too late)
  const base1 = await addDevice(0, 'base_load');
  await fill(`${base1}.daily_kwh`, 6);
  const pv = await addDevice(0, 'pv');
  await fill(`${pv}.peak_w`, 4000);
  await fill(`${pv}.tilt_deg`, 30);
  await fill(`${pv}.azimuth_deg`, 180);
  const wash = await addDevice(0, 'appliance');
  await fill(`${wash}.id`, 'wash');
  await fill(`${wash}.power_w`, 2000);
  await fill(`${wash}.duration_min`, 90);
  await page.click(`[data-add-job="${wash}"]`);
  await fill(`${wash}.jobs[0].earliest_start`, '2026-06-01T08:00');
  await fill(`${wash}.jobs[0].latest_start`, '2026-06-02T15:00');

  // house 2: base load, an EV, a heat pump whose job is pasted as PySSMic jobs XML
  await page.click('#addHouse');
  await page.waitForSelector('[data-path="houses[1]"]');
  const base2 = await addDevice(1, 'base_load');
  await fill(`${base2}.daily_kwh`, 4);
  const ev = await addDevice(1, 'ev');
  for (const [k, v] of [['capacity_wh', 50000], ['power_w', 7400], ['initial_soc', 0.3], ['target_soc', 0.8], ['arrival', '2026-06-01T09:00'], ['departure', '2026-06-01T17:00']]) await fill(`${ev}.${k}`, v);
  const hp = await addDevice(1, 'heat_pump');
  for (const [k, v] of [['power_w', 2500], ['duration_min', 60], ['cop', 3.5]]) await fill(`${hp}.${k}`, v);
  await page.click(`[data-path="${hp}.jobs"] summary`);
  await page.fill(`[data-jobs-xml="${hp}"]`, `<neighborhood id="1"><house id="2"><user id="1"><device><id>hp</id><est>${unix('2026-06-01T10:00:00Z')}</est><lst>${unix('2026-06-01T16:00:00Z')}</lst></device></user></house></neighborhood>`);
  await page.click(`[data-add-jobs-xml="${hp}"]`);
  await page.waitForSelector(`[data-path="${hp}.jobs[0].earliest_start"]`);
  check(await page.inputValue(`[data-path="${hp}.jobs[0].earliest_start"]`) === '2026-06-01T10:00', 'the pasted XML job starts at 10:00 at the earliest');

  // a third house and a battery added, then removed again
  await page.click('#addHouse');
  await page.waitForSelector('[data-path="houses[2]"]');
  const bat = await addDevice(2, 'battery');
  check(bat === 'houses[2].devices[0]', 'a battery in house 3');
  await page.click(`[data-remove-device="houses[2]|0"]`);
  await page.waitForFunction(() => !document.querySelector('[data-path="houses[2].devices[0]"]'));
  await page.click('[data-remove-house="2"]');
  await page.waitForFunction(() => document.querySelectorAll('.house').length === 2);
  check(await page.$$eval('.house legend [data-path$=".id"]', (e) => e.map((x) => x.value).join()) === '1,2', 'houses 1 and 2 left after removing house 3');

  // save: refused, the error next to the washing machine's latest start, nothing stored
  await page.click('#save');
  const errorFor = `${wash}.jobs[0].latest_start`;
  await page.waitForSelector(`.field-error[data-error-for="${errorFor}"]`);
  const next = await page.$eval(`.field-error[data-error-for="${errorFor}"]`, (e) => [e.previousElementSibling?.dataset.path, e.textContent]);
  check(next[0] === errorFor && next[1].includes('house 1, appliance wash, job 1') && next[1].includes('outside'), `error next to its field: ${next[1]}`);
  check((await get('/api/neighbourhoods')).neighbourhoods.length === 0, 'nothing stored after the refusal');
  await shot('31-editor-error-next-to-field');

  await fill(errorFor, '2026-06-01T15:00');
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#saveResult .ok')?.textContent.includes('version 1'));
  check(!(await page.$('.field-error')), 'no errors left after the fix');
  const [listed] = (await get('/api/neighbourhoods')).neighbourhoods;
  const saved = await get(`/api/neighbourhoods/${listed.id}`);
  const d = saved.document;
  check(saved.version === 1 && d.name === 'Two houses' && d.houses.map((x) => x.id).join() === '1,2', `saved ${listed.id} v${saved.version}`);
  check(d.houses.map((x) => x.devices.map((y) => `${y.id}:${y.kind}`).join(' ')).join(' | ') === 'base:base_load pv:pv wash:appliance | base:base_load ev:ev hp:heat_pump', 'devices as built');
  check(Date.parse(d.houses[1].devices[2].jobs[0].latest_start) === Date.parse('2026-06-01T16:00:00Z') && d.houses[1].devices[1].target_soc === 0.8, 'the XML job and the EV as entered');
  for (const id of ['exportPyssmic', 'exportEsdl']) {
    const href = await page.getAttribute(`#${id}`, 'href');
    const r = await fetch(base + href);
    const bytes = Buffer.from(await r.arrayBuffer());
    check(r.ok && (id === 'exportPyssmic' ? bytes.subarray(0, 2).toString() === 'PK' : bytes.toString().includes('esdl:EnergySystem')), `${id} ${href}: ${bytes.length} bytes`);
  }

  await shot('32-editor-two-houses-saved');

  // the list shows it; Edit reads the saved version back into the forms
  await page.goto(`${base}/#/editor`);
  await page.waitForSelector(`tr[data-neighbourhood="${listed.id}"]`);
  check((await page.textContent(`tr[data-neighbourhood="${listed.id}"]`)).includes('v1'), 'the list shows version 1');
  await shot('30-editor-list');
  await page.click(`tr[data-neighbourhood="${listed.id}"] a[href="#/editor/${listed.id}"]`);
  await page.waitForSelector('#version');
  check(await page.inputValue(`[data-path="${errorFor}"]`) === '2026-06-01T15:00' && await page.inputValue(`[data-path="${ev}.target_soc"]`) === '0.8', 'the saved neighbourhood is back in the editor');

  // run it: exact, 3 runs, seed 3 → the runs page follows it to the end
  await page.selectOption('#actions [name=algorithm]', 'exact');
  await page.fill('#actions [name=runs]', '3');
  await page.fill('#actions [name=seed]', '3');
  await page.click('#run');
  await page.waitForFunction(() => location.hash.startsWith('#/runs'));
  const runId = new URLSearchParams(page.url().split('?')[1]).get('run');
  await page.waitForSelector(`tr[data-run="${runId}"][data-status="succeeded"]`, { timeout: 300000 });
  await shot('33-editor-run-succeeded');

  // All households: KPI cards equal the API's, one point per house
  await openResultsWithKpiCards(b, runId);
  const summary = await get(`/api/runs/${runId}/cossmic`);
  check(summary.runs.length === 3 && summary.algorithm === 'exact' && summary.seed === 3, `3 exact runs: PV share ${summary.runs.map((r) => r.kpis.pv_share).join(', ')}`);
  check(summary.houses.slice().sort().join() === '1,2', `houses ${summary.houses.join(', ')}`);
  let c = await charts();
  check(c[0].series === 'demand|from PV|from grid|production' && c[0].points === 2, `all households chart: ${JSON.stringify(c[0])}`);
  const { houses } = await get(`/api/runs/${runId}/cossmic/houses?run=0`);
  const demand = await page.$$eval('#houses tbody tr', (rows) => rows.map((r) => [r.dataset.house, r.children[3].textContent]));
  check(houses.every((x, i) => demand[i][0] === x.house_id && demand[i][1] === fmt(x.demand_kwh)), `house demand in the table: ${demand.map((x) => x.join(' ')).join(', ')}`);
  await shot('34-editor-results-all-households');

  // All runs: each KPI across the 3 runs, min/median/max as the API has them
  await page.click('[data-tab=runs]');
  await page.waitForSelector('#distributions');
  c = await charts();
  check(c.length === 2 && c.every((x) => x.points === 3) && c[0].series.split('|').includes('pv_share') && c[1].series.split('|').includes('job_demand'), `all runs charts: ${JSON.stringify(c)}`);
  await checkDistributions(page, summary);

  await shot('35-editor-results-all-runs');

  // One household: house 2's EV and heat-pump jobs, requested window against the scheduled start
  await page.click('[data-tab=house]');
  await page.waitForSelector('#jobs');
  await page.selectOption('#house', '2');
  await page.waitForSelector('#detail[data-house="2"]');
  const { jobs } = await get(`/api/runs/${runId}/cossmic/jobs?run=0&house=2`);
  check((await page.$$('#jobs tbody tr')).length === jobs.length && jobs.length === 3, `house 2: ${jobs.length} jobs in the table`);
  c = await charts();
  check(c[0].series === 'earliest start|latest start|scheduled start' && c[0].points === 2, `house 2 chart: ${JSON.stringify(c[0])}`);
  const ev1 = jobs.find((j) => j.key === '[2]:[ev]:[1]');
  check(Date.parse(ev1.earliest_start) === Date.parse('2026-06-01T09:00:00Z') && Date.parse(ev1.start) >= Date.parse(ev1.earliest_start) && Date.parse(ev1.start) <= Date.parse(ev1.latest_start), `EV scheduled at ${ev1.start} in ${ev1.earliest_start} … ${ev1.latest_start}`);
  await shot('36-editor-results-one-household');
  check(errors.length === 0, `no page errors (${errors.join('; ')})`);
  console.log('editor browser test passed');
} finally {
  await browser.close();
}
