// A chart of whole data (no server re-fetch on zoom) for the result views: time or index on x, lines of one unit on y,
// optional step drawing (instructions hold until the next), a CSV link of exactly what is drawn, uPlot's zoom (drag)
// and legend toggles. Registered in window.__quartier.charts so the browser tests can read what was drawn.
export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#999999'];

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmt = (v) => (v === null || v === undefined ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2));
const cell = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));

/** A data: URI of a CSV file (header row, then rows). */
export const csvHref = (header, rows) => 'data:text/csv;charset=utf-8,' + encodeURIComponent([header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n');

/**
 * Draws { title, unit, xLabel, time (x in UNIX seconds, shown in UTC), xs, lines: [{ label, values }], step, points,
 * spanGaps (join across missing values), valueText (y value → legend text), yRange (uPlot's range), id }; a line with
 * show: false starts hidden (its legend entry shows it) into pane and returns the section; every chart has a CSV link of its data.
 */
export function plot(pane, o) {
  const name = o.title.replace(/\W+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  const header = [o.time ? 'time_utc' : o.xLabel, ...o.lines.map((l) => `${l.label} [${o.unit}]`)];
  const rows = o.xs.map((x, i) => [o.time ? new Date(x * 1000).toISOString() : x, ...o.lines.map((l) => l.values[i])]);
  const box = document.createElement('section');
  box.className = 'chart';
  if (o.id) box.id = o.id;
  box.dataset.title = o.title;
  box.innerHTML = `<h3>${esc(o.title)} <a href="${csvHref(header, rows)}" download="${esc(name)}.csv">CSV</a> <small class="muted">${o.lines.length} series · ${o.xs.length} points${o.note ? ' · ' + esc(o.note) : ''}</small></h3><div class="plot"></div>`;
  pane.append(box);
  const css = getComputedStyle(document.documentElement);
  const stroke = css.getPropertyValue('--fg').trim() || '#000';
  const grid = { stroke: css.getPropertyValue('--line').trim() || '#ddd', width: 1 };
  const stepped = o.step ? uPlot.paths.stepped({ align: 1 }) : undefined;
  const series = [{ label: o.time ? 'time (UTC)' : o.xLabel }, ...o.lines.map((l, i) => ({
    label: `${l.label} [${o.unit}]`, stroke: l.colour || palette[i % palette.length], width: l.width || 1.5, dash: l.dash, spanGaps: !!o.spanGaps, show: l.show !== false,
    paths: o.points ? () => null : stepped, points: o.points ? { show: true, size: 8, fill: palette[i % palette.length] } : { show: false },
    value: (u, v) => (v == null ? '–' : o.valueText ? o.valueText(v) : fmt(v)),
  }))];
  const width = Math.max(400, pane.clientWidth || 1000);
  const axes = [
    o.time ? { label: 'time (UTC)', stroke, grid } : { label: o.xLabel, stroke, grid, ...(o.points ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
    { label: o.unit, stroke, grid, size: 70, ...(o.valueText ? { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? o.valueText(t) : '')), size: 150, incrs: [1, 2, 5] } : {}) },
  ];
  const opts = {
    width, height: o.height || 260, series, axes,
    scales: { x: { time: !!o.time }, ...(o.yRange ? { y: { range: o.yRange } } : {}) },
    cursor: { drag: { x: true, y: false } },
    ...(o.time ? { tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC') } : {}),
  };
  const u = new uPlot(opts, [o.xs, ...o.lines.map((l) => l.values)], box.querySelector('.plot'));
  box.dataset.series = o.lines.map((l) => l.label).join('|');
  box.dataset.points = String(o.xs.length);
  box.dataset.drawn = '1';
  (window.__quartier?.charts || []).push({ u, box, labels: o.lines.map((l) => l.label) });
  return box;
}

/** A table of rows (arrays of cells, already text or numbers) with a CSV link of the same rows. */
export function table(pane, o) {
  const section = document.createElement('section');
  if (o.id) section.id = o.id;
  section.innerHTML = `<h3>${esc(o.title)} <a href="${csvHref(o.header, o.rows)}" download="${esc(o.title.replace(/\W+/g, '-').toLowerCase())}.csv">CSV</a></h3>
    <table><thead><tr>${o.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${o.rows.map((r, i) => `<tr ${o.rowData ? o.rowData(i) : ''}>${r.map((c) => `<td>${typeof c === 'number' ? fmt(c) : esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  pane.append(section);
  return section;
}

export { esc, fmt };
