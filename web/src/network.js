// The Grid tab's network view: each LV feeder of a run (/api/runs/{id}/network) drawn as an SVG tree from the
// transformer (left) to the house connections (right), every cable coloured and sized by its peak loading over the run
// (% of its ampacity), with a legend, tooltips and a CSV of the cables.
import { csvHref, esc, fmt } from './plot.js';

/** Loading bands (upper bound %, colour, label): Okabe–Ito blue, green, orange, vermilion. */
export const bands = [[50, '#0072B2', '< 50 %'], [80, '#009E73', '50–80 %'], [100, '#E69F00', '80–100 %'], [Infinity, '#D55E00', '≥ 100 % (overloaded)']];
const colourOf = (peak) => (peak === null || peak === undefined ? '#999999' : bands.find(([max]) => peak < max)[1]);

/** x = depth from the source, y = order of the leaves (a parent in the middle of its children). */
function layout(feeder) {
  const n = feeder.buses.length;
  const adj = Array.from({ length: n }, () => []);
  feeder.cables.forEach((c, i) => { adj[c.from].push([c.to, i]); adj[c.to].push([c.from, i]); });
  const depth = new Array(n).fill(-1), parentCable = new Array(n).fill(-1), children = Array.from({ length: n }, () => []);
  const order = [feeder.slack];
  depth[feeder.slack] = 0;
  for (let k = 0; k < order.length; k++) {
    const u = order[k];
    for (const [v, c] of adj[u]) if (depth[v] < 0) { depth[v] = depth[u] + 1; parentCable[v] = c; children[u].push(v); order.push(v); }
  }
  const y = new Array(n).fill(0);
  let leaf = 0;
  const place = (u) => {
    if (!children[u].length) { y[u] = leaf++; return; }
    children[u].forEach(place);
    y[u] = (y[children[u][0]] + y[children[u][children[u].length - 1]]) / 2;
  };
  // iterative-safe for deep chains: recursion depth is the feeder's depth (hundreds at most)
  place(feeder.slack);
  return { depth, y, leaves: Math.max(1, leaf), maxDepth: Math.max(1, ...depth) };
}

export async function networkView(pane, h, id) {
  let net;
  try { net = await h.api(`/api/runs/${id}/network`); } catch (e) {
    if (e.status !== 404) throw e;
    pane.append(h.el(`<p class="muted" id="network">${esc(e.message)}</p>`));
    return;
  }
  const section = h.el('<section id="network" class="network"></section>');
  pane.append(section);
  for (const feeder of net.feeders) {
    const { depth, y, leaves, maxDepth } = layout(feeder);
    const width = Math.max(800, pane.clientWidth || 1200), left = 40, right = 150, top = 20;
    const dx = (width - left - right) / maxDepth, dy = Math.max(12, Math.min(24, 900 / leaves));
    const height = top * 2 + (leaves - 1) * dy + 20;
    const X = (b) => left + depth[b] * dx, Y = (b) => top + y[b] * dy;
    const housesAt = new Map();
    feeder.loads.forEach((l) => housesAt.set(l.bus, [...(housesAt.get(l.bus) || []), l]));
    const cables = feeder.cables.map((c) => {
      const w = c.peak_loading === null ? 1.5 : 1.5 + Math.min(4, c.peak_loading / 30);
      return `<path class="cable" data-cable="${esc(c.name)}" data-peak="${c.peak_loading ?? ''}" d="M${X(c.from).toFixed(1)},${Y(c.from).toFixed(1)} H${((X(c.from) + X(c.to)) / 2).toFixed(1)} V${Y(c.to).toFixed(1)} H${X(c.to).toFixed(1)}" stroke="${colourOf(c.peak_loading)}" stroke-width="${w.toFixed(1)}" fill="none"><title>${esc(c.name)}: peak loading ${c.peak_loading === null ? 'not recorded' : fmt(c.peak_loading) + ' %'} · ${fmt(c.length_m)} m · ${fmt(c.ampacity_a)} A</title></path>`;
    }).join('');
    const houses = feeder.loads.map((l) => {
      const at = housesAt.get(l.bus), k = at.indexOf(l);
      const x = X(l.bus) + 6 + k * 12, yy = Y(l.bus) - 5;
      return `<g class="house" data-house="${esc(l.name)}" data-asset="${esc(l.asset_id)}"><rect x="${x.toFixed(1)}" y="${yy.toFixed(1)}" width="10" height="10" rx="2" fill="var(--card)" stroke="currentColor"/><title>${esc(l.name)}: ${l.min_voltage === null ? 'voltage not recorded' : `${fmt(l.min_voltage)}–${fmt(l.max_voltage)} V`}</title></g>`;
    }).join('');
    const labels = feeder.loads.filter((l) => housesAt.get(l.bus).indexOf(l) === 0).map((l) => `<text x="${(X(l.bus) + 8 + housesAt.get(l.bus).length * 12).toFixed(1)}" y="${(Y(l.bus) + 4).toFixed(1)}" font-size="10" fill="currentColor">${esc(housesAt.get(l.bus).map((x) => x.name).join(', '))}</text>`).join('');
    const s = feeder.slack;
    const source = `<g class="transformer" data-name="${esc(feeder.name)}"><path d="M${X(s) - 12},${Y(s) + 10} L${X(s)},${Y(s) - 12} L${X(s) + 12},${Y(s) + 10} Z" fill="var(--accent)" stroke="currentColor"/><title>${esc(feeder.name)}${feeder.transformer ? `: ${fmt(feeder.transformer.rated_kva)} kVA` : ''}</title></g>`;
    const measured = feeder.cables.filter((c) => c.peak_loading !== null);
    const worst = measured.reduce((m, c) => (m && m.peak_loading >= c.peak_loading ? m : c), null);
    const rows = feeder.cables.map((c) => [c.name, feeder.buses[c.from].name, feeder.buses[c.to].name, c.length_m, c.ampacity_a, c.peak_loading]);
    const box = h.el(`<div class="feeder" data-feeder="${esc(feeder.name)}" data-cables="${feeder.cables.length}" data-houses="${feeder.loads.length}">
      <h3>Network: ${esc(feeder.name)}, cables coloured by peak loading <a href="${csvHref(['cable', 'from_bus', 'to_bus', 'length_m', 'ampacity_A', 'peak_loading_%'], rows)}" download="network-${esc(feeder.name)}.csv">CSV</a>
      <small class="muted">${feeder.buses.length} buses · ${feeder.cables.length} cables · ${feeder.loads.length} connections${worst ? ` · worst ${esc(worst.name)} ${fmt(worst.peak_loading)} %` : ''}</small></h3>
      <p class="legend" aria-label="peak loading of each cable (% of its ampacity)">peak loading (% of ampacity): ${bands.map(([, c, l]) => `<span><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke="${c}" stroke-width="4"/></svg> ${esc(l)}</span>`).join(' ')} <span><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke="#999999" stroke-width="2"/></svg> not recorded</span> · ▲ transformer · ▢ house connection</p>
      <svg role="img" aria-label="LV network ${esc(feeder.name)}" viewBox="0 0 ${width} ${height.toFixed(0)}" width="${width}" height="${height.toFixed(0)}" style="color: var(--fg)">${cables}${houses}${labels}${source}</svg></div>`);
    section.append(box);
  }
}
