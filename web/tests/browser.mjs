// What the dashboard's browser tests share: the arguments (BASE_URL INPUT ARTIFACTS_DIR), API reads, checks, and a
// headless Debian chromium page that records requests leaving the server, script errors and screenshots.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const fmt = (v) => (v === null || v === undefined ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2));
export const check = (ok, what) => { if (!ok) throw new Error(`FAILED: ${what}`); console.log(`ok: ${what}`); };

/** Reads the arguments and opens the browser: { base, input, artifacts, get, browser, page, external, errors, shot, chartsDrawn }. */
export async function open(script, inputName) {
  const [base, input, artifacts] = process.argv.slice(2);
  if (!base || !input || !artifacts) { console.error(`usage: ${script} BASE_URL ${inputName} ARTIFACTS_DIR`); process.exit(2); }
  mkdirSync(artifacts, { recursive: true });
  const get = async (path) => { const r = await fetch(base + path); if (!r.ok) throw new Error(`GET ${path} -> ${r.status}`); return r.json(); };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) external.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const shot = async (name) => { const p = join(artifacts, `${name}.png`); await page.screenshot({ path: p, fullPage: true }); console.log(`screenshot: ${p}`); };
  const chartsDrawn = (n) => page.waitForFunction((n) => { const c = [...document.querySelectorAll('.chart')]; return c.length >= n && c.every((x) => x.dataset.drawn); }, n, { timeout: 30000 });
  return { base, input, artifacts, get, browser, page, external, errors, shot, chartsDrawn };
}

/** Each chart on the page: its title, its series' labels joined by '|', its number of points. */
export const charts = (page) => page.$$eval('.chart', (els) => els.map((e) => ({ title: e.dataset.title, series: e.dataset.series, points: Number(e.dataset.points) })));

/** Opens a succeeded run's results from the runs page and checks its KPI cards against /api/runs/{id}/kpis. */
export async function openResultsWithKpiCards({ page, get, chartsDrawn }, runId) {
  await page.click(`tr[data-run="${runId}"] a[href^="#/run/"]`);
  await chartsDrawn(1);
  const kpis = (await get(`/api/runs/${runId}/kpis`)).kpis.filter((k) => !k.scope || k.scope.toLowerCase() === 'system');
  const cards = await page.$$eval('#runKpis .kpi', (els) => els.map((e) => ({ name: e.dataset.kpi, value: e.dataset.value, text: e.querySelector('.v').firstChild.textContent.trim() })));
  check(cards.length === kpis.length && kpis.length > 10, `${cards.length} KPI cards for ${kpis.length} KPIs`);
  kpis.forEach((k, i) => check(cards[i].name === k.name && cards[i].value === String(k.value ?? '') && cards[i].text === fmt(k.value), `KPI card ${k.name} = ${cards[i].text} (API ${k.value})`));
}

/** The All runs table's min/median/max of every KPI equal the run set summary's distributions. */
export async function checkDistributions(page, summary) {
  for (const d of summary.distributions) {
    const row = await page.$eval(`#distributions tr[data-kpi="${d.name}"]`, (e) => [e.dataset.min, e.dataset.median, e.dataset.max]);
    check(row[0] === String(d.min) && row[1] === String(d.median) && row[2] === String(d.max), `${d.name}: min ${row[0]} median ${row[1]} max ${row[2]}`);
  }
}
