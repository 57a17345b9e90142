// Dashboard timings on a stored run (not a test: prints, asserts nothing). Usage: node web/tests/dashboard.timing.mjs BASE_URL RUN_ID
// Opens the run's All households tab in chromium and prints the time to the first chart (from opening the result, and
// from navigation) and the redraw time of three zooms (drag on the first chart: the immediate redraw from the points held,
// and the refinement: fetch of the window + draw).
import { chromium } from 'playwright-core';

const [base, runId] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const t0 = Date.now();
  await page.goto(`${base}/#/run/${runId}/all`);
  await page.waitForFunction(() => window.__quartier?.firstChart !== null && window.__quartier?.firstChart !== undefined, null, { timeout: 60000 });
  const nav = Date.now() - t0;
  const first = await page.evaluate(() => window.__quartier.firstChart);
  const points = await page.evaluate(() => window.__quartier.charts.find((c) => c.u).u.data[0].length);
  console.log(`timing: first chart ${first.toFixed(0)} ms after opening the result (${nav} ms from navigation, page load included; ${points} points)`);
  await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((x) => x.dataset.drawn), null, { timeout: 60000 });
  await page.$eval('.chart', (e) => e.scrollIntoView());
  for (const [a, b] of [[0.2, 0.6], [0.3, 0.5], [0.4, 0.6]]) {
    const n = await page.evaluate(() => window.__quartier.refines.length);
    const box = await (await page.$('.chart .u-over')).boundingBox();
    await page.mouse.move(box.x + box.width * a, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * b, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction((n) => window.__quartier.refines.length > n, n, { timeout: 30000 });
    const z = await page.evaluate(() => ({ ms: window.__quartier.zooms.at(-1), refine: window.__quartier.refines.at(-1), points: window.__quartier.charts[0].u.data[0].length, from: window.__quartier.charts[0].u.data[0][0] }));
    console.log(`timing: zoom redraw ${z.ms.toFixed(1)} ms from the points held; refined in ${z.refine.toFixed(0)} ms (${z.points} points from ${new Date(z.from * 1000).toISOString()})`);
  }
} finally {
  await browser.close();
}
