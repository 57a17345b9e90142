// The dashboard's CoSSMic browser test: Debian's chromium driven by playwright-core against a running `quartier serve`.
// Usage: node web/tests/cossmic.test.mjs BASE_URL PYSSMIC_ZIP ARTIFACTS_DIR
// Uploads a PySSMic folder as a zip, runs it with the naive algorithm and 3 runs, follows it to the end, opens All
// households, All runs, One household, Plan, Prediction and Compare, checks the KPI cards equal the API's and the charts hold the expected
// series, and keeps a screenshot of every page in ARTIFACTS_DIR (20-… .png).
import { check, open, charts as chartsOf, openResultsWithKpiCards, checkDistributions } from './browser.mjs';
import { cossmicViews } from './views.checks.mjs';

const b = await open('cossmic.test.mjs', 'PYSSMIC_ZIP');
const ctx = b;
const { base, get, browser, page, errors, shot, input: zip } = b;
const charts = () => chartsOf(page);
try {
  await page.goto(`${base}/#/scenarios`);
  await page.waitForSelector('#upload');
  await page.setInputFiles('input[type=file]', zip);
  await page.click('#upload button[type=submit]');
  await page.waitForSelector('#result .ok', { timeout: 60000 });
  const { scenarios } = await get('/api/scenarios');
  const scenario = scenarios.find((s) => s.kind === 'cossmic');
  await page.waitForSelector(`tr[data-scenario="${scenario.id}"]`);
  await shot('20-cossmic-scenario');

  await page.click(`tr[data-scenario="${scenario.id}"] a[href^="#/runs"]`);
  await page.waitForSelector('#start');
  await page.selectOption('select[name=algorithm]', 'naive');
  await page.fill('input[name=runs]', '3');
  await page.fill('input[name=seed]', '5');
  await page.click('#start button[type=submit]');
  await page.waitForSelector('#startResult .ok', { timeout: 30000 });
  const runId = (await page.textContent('#startResult code')).trim();
  await page.waitForSelector(`tr[data-run="${runId}"][data-status="succeeded"]`, { timeout: 300000 });
  await shot('21-cossmic-run-succeeded');
  // a second run set (random algorithm, 2 runs) for Compare
  const other = await (await fetch(`${base}/api/runs?scenario=${scenario.id}&algorithm=random&runs=2&seed=1`, { method: 'POST' })).json();

  // KPI cards equal the API's; All households: one point per house for each energy
  await openResultsWithKpiCards(b, runId);
  const summary = await get(`/api/runs/${runId}/cossmic`);
  check(summary.runs.length === 3 && summary.algorithm === 'naive', `3 naive runs: ${summary.runs.map((r) => r.kpis.pv_share).join(', ')}`);
  let c = await charts();
  check(c[0].series === 'demand|from PV|from grid|production' && c[0].points === summary.houses.length, `all households chart: ${JSON.stringify(c[0])}`);
  check((await page.$$('#houses tbody tr')).length === summary.houses.length, `${summary.houses.length} houses in the table`);
  await shot('22-cossmic-all-households');

  // All runs: each KPI across the 3 runs, min/median/max as the API has them
  await page.click('[data-tab=runs]');
  await page.waitForSelector('#distributions');
  c = await charts();
  check(c.length === 2 && c.every((x) => x.points === 3) && c[0].series.split('|').includes('pv_share'), `all runs charts: ${JSON.stringify(c)}`);
  const drawn = await page.evaluate(() => [...document.querySelectorAll('.chart')][0].querySelector('.u-legend') !== null);
  check(drawn, 'the all-runs chart has a legend');
  await checkDistributions(page, summary);

  await shot('23-cossmic-all-runs');

  // One household: its jobs' requested window against the scheduled start
  await page.click('[data-tab=house]');
  await page.waitForSelector('#jobs');
  const house = await page.$eval('#house', (e) => e.value);
  const { jobs } = await get(`/api/runs/${runId}/cossmic/jobs?run=0&house=${encodeURIComponent(house)}`);
  check((await page.$$('#jobs tbody tr')).length === jobs.length, `house ${house}: ${jobs.length} jobs in the table`);
  const shiftable = jobs.filter((j) => !j.background);
  if (shiftable.length) {
    c = await charts();
    check(c[0].series === 'earliest start|latest start|scheduled start' && c[0].points === shiftable.length, `house chart: ${JSON.stringify(c[0])}`);
  }

  await shot('24-cossmic-one-household');

  // Plan, Prediction and Compare (with the random run set)
  await cossmicViews(ctx, runId, other.id);
  check(errors.length === 0, `no page errors (${errors.join('; ')})`);
  console.log('cossmic browser test passed');
} finally {
  await browser.close();
}
