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
