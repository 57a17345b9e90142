// The dashboard's CoSSMic browser test: Debian's chromium driven by playwright-core against a running `quartier serve`.
// Usage: node web/tests/cossmic.test.mjs BASE_URL PYSSMIC_ZIP ARTIFACTS_DIR
// Uploads a PySSMic folder as a zip, runs it with the naive algorithm and 3 runs, follows it to the end, opens All
// households, All runs, One household, Plan, Prediction and Compare, checks the KPI cards equal the API's and the charts hold the expected
// series, and keeps a screenshot of every page in ARTIFACTS_DIR (20-… .png).
import { fmt, check, open } from './browser.mjs';
import { cossmicViews } from './views.checks.mjs';

const ctx = await open('cossmic.test.mjs', 'PYSSMIC_ZIP');
const { base, get, browser, page, errors, shot, chartsDrawn, input: zip } = ctx;
const charts = () => page.$$eval('.chart', (els) => els.map((e) => ({ title: e.dataset.title, series: e.dataset.series, points: Number(e.dataset.points) })));
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
  await page.click(`tr[data-run="${runId}"] a[href^="#/run/"]`);
  await chartsDrawn(1);
  const kpis = (await get(`/api/runs/${runId}/kpis`)).kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system');
  const cards = await page.$$eval('#runKpis .kpi', (els) => els.map((e) => ({ name: e.dataset.kpi, value: e.dataset.value, text: e.querySelector('.v').firstChild.textContent.trim() })));
  check(cards.length === kpis.length && kpis.length > 10, `${cards.length} KPI cards for ${kpis.length} KPIs`);
  kpis.forEach((k, i) => check(cards[i].name === k.name && cards[i].value === String(k.value ?? '') && cards[i].text === fmt(k.value), `KPI card ${k.name} = ${cards[i].text} (API ${k.value})`));
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
  for (const d of summary.distributions) {
    const row = await page.$eval(`#distributions tr[data-kpi="${d.name}"]`, (e) => [e.dataset.min, e.dataset.median, e.dataset.max]);
    check(row[0] === String(d.min) && row[1] === String(d.median) && row[2] === String(d.max), `${d.name}: min ${row[0]} median ${row[1]} max ${row[2]}`);
  }

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
