// The dashboard's browser test: Debian's chromium driven by playwright-core against a running `quartier serve`.
// Usage: node web/tests/dashboard.test.mjs BASE_URL ESDL_FILE ARTIFACTS_DIR
// Uploads the ESDL (and a broken one, whose problem must be shown), runs it for one day recording everything, opens
// All households, One household, Grid (with the network view), Plan, Prediction and Compare, checks the KPI cards equal the API's and the charts hold the expected
// series, zooms, and keeps a screenshot of every page in ARTIFACTS_DIR. Prints `timing:` lines (not asserted).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fmt, check, open } from './browser.mjs';
import { esdlViews, sweepViews } from './views.checks.mjs';

const ctx = await open('dashboard.test.mjs', 'ESDL_FILE');
const { base, input: esdl, get, browser, page, external, errors, shot, chartsDrawn } = ctx;
try {
  // scenarios: a broken ESDL shows its problem, the real one is stored
  await page.goto(`${base}/#/scenarios`);
  await page.waitForSelector('#upload');
  const broken = join(tmpdir(), `broken-${process.pid}.esdl`);
  writeFileSync(broken, '<?xml version="1.0"?>\n<esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" id="x">\n  <instance id="i1"><area id="a1"><asset xsi:type="esdl:Nonsense" id="bad1"/></area></instance>\n');
  await page.setInputFiles('input[type=file]', broken);
  await page.click('#validate');
  await page.waitForSelector('#result .problem');
  check((await page.textContent('#result .problem')).length > 10, `a broken ESDL's problem is shown: ${(await page.textContent('#result .problem')).trim()}`);
  await shot('01-scenarios-problem');
  await page.setInputFiles('input[type=file]', esdl);
  await page.click('#upload button[type=submit]');
  await page.waitForSelector('#result .ok', { timeout: 60000 });
  await page.waitForSelector('tr[data-scenario]');
  const { scenarios } = await get('/api/scenarios');
  const scenario = scenarios[0];
  check(scenario && (await page.$(`tr[data-scenario="${scenario.id}"]`)), `the uploaded scenario ${scenario?.id} is listed`);
  await shot('02-scenarios');

  // runs: start one day recording everything, follow it to the end
  await page.click(`tr[data-scenario="${scenario.id}"] a[href^="#/runs"]`);
  await page.waitForSelector('#start');
  await page.fill('input[name=duration]', '1d');
  await page.selectOption('select[name=record]', 'all');
  await page.click('#start button[type=submit]');
  await page.waitForSelector('#startResult .ok', { timeout: 30000 });
  const runId = (await page.textContent('#startResult code')).trim();
  await shot('03-runs-started');
  await page.waitForSelector(`tr[data-run="${runId}"][data-status="succeeded"]`, { timeout: 300000 });
  await shot('04-runs-succeeded');
  // a second run of the same scenario under DOTS's MPC EMS, for Compare
  const other = await (await fetch(`${base}/api/runs?scenario=${scenario.id}&duration=1d&ems=dots&record=all`, { method: 'POST' })).json();

  // results: KPI cards equal the API's, the all-households charts hold their series
  const t0 = Date.now();
  await page.click(`tr[data-run="${runId}"] a[href^="#/run/"]`);
  await chartsDrawn(3);
  const opened = Date.now() - t0;
  const kpis = (await get(`/api/runs/${runId}/kpis`)).kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system');
  const cards = await page.$$eval('.kpi', (els) => els.map((e) => ({ name: e.dataset.kpi, value: e.dataset.value, text: e.querySelector('.v').firstChild.textContent.trim() })));
  check(cards.length === kpis.length && kpis.length > 5, `${cards.length} KPI cards for ${kpis.length} KPIs`);
  kpis.forEach((k, i) => check(cards[i].name === k.name && cards[i].value === String(k.value ?? '') && cards[i].text === fmt(k.value), `KPI card ${k.name} = ${cards[i].text} (API ${k.value})`));
  const series = await page.$$eval('.chart', (els) => els.map((e) => ({ title: e.dataset.title, series: e.dataset.series, points: Number(e.dataset.points) })));
  check(series[0].series === 'net import' && series[0].points === 96, `import/export chart: ${JSON.stringify(series[0])}`);
  check(series[1].series === 'PV|load', `PV and load chart: ${JSON.stringify(series[1])}`);
  const sum = await get(`/api/runs/${runId}/series/sum?signal=EConnection/net_power&points=96`);
  const drawn = await page.evaluate(() => window.__quartier.charts[0].u.data[1]);
  check(drawn.length === sum.mean.length && drawn.every((v, i) => Math.abs(v - sum.mean[i]) < 1e-9), 'the import/export chart draws the API\'s sum of net power');
  const first = await page.evaluate(() => window.__quartier.firstChart);
  console.log(`timing: first chart drawn ${first.toFixed(1)} ms after opening the result (page to all charts ${opened} ms; 60 houses, 1 day at 15 min)`);
  await shot('05-results-all-households');

  // zoom: drag-select on the first chart re-fetches the window; the redraw is timed
  await page.$eval('.chart', (e) => e.scrollIntoView());
  const box = await (await page.$('.chart .u-over')).boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => window.__quartier.refines.length > 0, null, { timeout: 10000 });
  const zoom = await page.evaluate(() => ({ ms: window.__quartier.zooms[0], refine: window.__quartier.refines[0], points: window.__quartier.charts[0].u.data[0].length }));
  check(zoom.points < 96 && zoom.points > 10, `zoomed chart shows the window only (${zoom.points} points)`);
  console.log(`timing: zoom redraw ${zoom.ms.toFixed(1)} ms (from the points held), refined in ${zoom.refine.toFixed(1)} ms (fetch + draw)`);
  await shot('06-results-zoomed');

  // one household: the selector lists every house; its charts hold its series
  await page.click('[data-tab=house]');
  await page.waitForSelector('#house');
  await chartsDrawn(1);
  const houses = await page.$$eval('#house option', (o) => o.map((x) => x.value));
  const { series: nets } = await get(`/api/runs/${runId}/series?signal=EConnection/net_power`);
  check(houses.length === nets.length && houses.length === 60, `household selector lists ${houses.length} houses`);
  const pick = houses[7];
  await page.selectOption('#house', pick);
  await page.waitForFunction((h) => { const b = document.querySelector('#houseCharts'); const c = [...b.querySelectorAll('.chart')]; return b.dataset.house === h && c.length > 0 && c.every((x) => x.dataset.drawn); }, pick, { timeout: 30000 });
  const { series: own } = await get(`/api/runs/${runId}/series?asset=${encodeURIComponent(pick)}`);
  const houseSeries = (await page.$$eval('#houseCharts .chart', (els) => els.map((e) => e.dataset.series))).join('|').split('|');
  check(houseSeries.length === own.length && own.every((s) => houseSeries.includes(`${s.esdlName || s.esdlId} ${s.output}`)), `household ${pick}: ${houseSeries.join(', ')}`);
  await shot('07-results-one-household');

  // grid: transformer loading and the LV network's worst cable and voltages
  await page.click('[data-tab=grid]');
  // the household's charts stay drawn until the grid's replace them: wait for the grid's own
  await page.waitForFunction(() => { const c = [...document.querySelectorAll('.chart')]; return c.length > 0 && (c[0].dataset.title || '').startsWith('Transformer loading') && c.every((x) => x.dataset.drawn); }, null, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('#worstCables tbody tr').length > 0, null, { timeout: 30000 });
  const grid = await page.$$eval('.chart', (els) => els.map((e) => e.dataset.title + ': ' + e.dataset.series));
  check(grid.length === 3 && grid[0].startsWith('Transformer loading: Transformer1 loading') && grid[1].includes('max_cable_loading') && grid[2].includes('min_voltage|'), `grid charts: ${grid.join(' / ')}`);
  check((await page.$$('#worstCables tbody tr')).length === 10, 'the ten worst cables are listed');
  await shot('08-results-grid');

  // the network view, Plan, Prediction and Compare (with the MPC run)
  await esdlViews(ctx, runId, other.id);
  // a sweep of the same scenario: its All runs tab
  await sweepViews(ctx, scenario.id);
  await page.goto(`${base}/#/run/${runId}/grid`);
  await page.waitForFunction(() => { const c = [...document.querySelectorAll('.chart')]; return c.length > 0 && (c[0].dataset.title || '').startsWith('Transformer loading') && c.every((x) => x.dataset.drawn); }, null, { timeout: 30000 });

  // dark theme
  await page.click('#theme');
  await chartsDrawn(1);
  await shot('09-results-grid-dark');
  check(external.length === 0, `no request left the server (${external.join(', ')})`);
  check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  console.log('dashboard browser test passed');
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
