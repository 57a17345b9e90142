// The neighbourhood editor (#/editor, #/editor/new, #/editor/ID): list neighbourhoods, create one from scratch or from the
// PySSMic web editor's XML, add and remove houses, add and configure devices (base load, PV with up to four predictions,
// battery, EV, heat pump, appliance), jobs per device by form or pasted XML; validation errors shown next to their
// element; save (a new version each time), export as PySSMic zip or ESDL, and run as a CoSSMic run set. Over
// /api/neighbourhoods and /api/runs.

const kinds = { base_load: 'Base load', pv: 'PV', battery: 'Battery', ev: 'EV', heat_pump: 'Heat pump', appliance: 'Appliance' };
const shortIds = { base_load: 'base', pv: 'pv', battery: 'bat', ev: 'ev', heat_pump: 'hp', appliance: 'app' };
// each kind's fields: [key, label, type, unit]; type: number, time (UTC), text (a PySSMic profile)
const fields = {
  base_load: [['daily_kwh', 'Energy per day', 'number', 'kWh'], ['profile', 'or a day\'s profile (s cumulative Wh)', 'text']],
  pv: [['peak_w', 'Size', 'number', 'Wp'], ['tilt_deg', 'Tilt', 'number', '°'], ['azimuth_deg', 'Azimuth', 'number', '° (180 = south)']],
  battery: [['capacity_wh', 'Capacity', 'number', 'Wh'], ['power_w', 'Power', 'number', 'W'], ['initial_soc', 'Initial SoC', 'number', '0…1']],
  ev: [['capacity_wh', 'Battery', 'number', 'Wh'], ['power_w', 'Charging power', 'number', 'W'], ['initial_soc', 'SoC at arrival', 'number', '0…1'],
    ['target_soc', 'Target SoC', 'number', '0…1'], ['arrival', 'Arrival', 'time', 'UTC'], ['departure', 'Departure', 'time', 'UTC']],
  heat_pump: [['power_w', 'Electric power', 'number', 'W'], ['duration_min', 'Run length', 'number', 'min'], ['cop', 'COP', 'number', ''], ['profile', 'or a run\'s profile (s cumulative Wh)', 'text']],
  appliance: [['power_w', 'Power', 'number', 'W'], ['duration_min', 'Run length', 'number', 'min'], ['profile', 'or a run\'s profile (s cumulative Wh)', 'text']],
};
const jobKinds = new Set(['appliance', 'heat_pump']);

const toInput = (iso) => (iso ? String(iso).slice(0, 16) : '');
const fromInput = (v) => (v ? `${v}:00Z` : undefined);
const midnight = () => new Date().toISOString().slice(0, 10) + 'T00:00:00Z';

/** Reads est/lst (and creation_time) of every <device> in PySSMic jobs XML, those of deviceId when they name one. */
export function jobsFromXml(text, deviceId) {
  const xml = new DOMParser().parseFromString(text, 'application/xml');
  if (xml.querySelector('parsererror')) throw new Error('the jobs XML is not well-formed');
  const unix = (s) => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z');
  const jobs = [...xml.getElementsByTagName('device')]
    .filter((d) => !d.getElementsByTagName('id')[0] || d.getElementsByTagName('id')[0].textContent.trim() === deviceId)
    .map((d) => {
      const v = (n) => d.getElementsByTagName(n)[0]?.textContent.trim();
      if (!/^\d+$/.test(v('est') ?? '') || !/^\d+$/.test(v('lst') ?? '')) throw new Error('each <device> needs <est> and <lst> in UNIX seconds');
      return { earliest_start: unix(v('est')), latest_start: unix(v('lst')), ...(/^\d+$/.test(v('creation_time') ?? '') ? { registered: unix(v('creation_time')) } : {}) };
    });
  if (!jobs.length) throw new Error(`no <device> with <id>${deviceId}</id> in the XML`);
  return jobs;
}

/** The editor's pages (h: the dashboard's helpers view, api, esc, problemHtml). */
export async function editorPage(h, parts) {
  if (parts[0] === 'new') return edit(h, null, { name: 'New neighbourhood', start: midnight(), days: 1, latitude: 47.66, longitude: 9.18, houses: [{ id: '1', devices: [] }] });
  if (parts[0]) {
    const n = await h.api(`/api/neighbourhoods/${encodeURIComponent(parts[0])}`);
    return edit(h, n, n.document);
  }
  return list(h);
}

async function list(h) {
  const { esc } = h;
  const { neighbourhoods } = await h.api('/api/neighbourhoods');
  h.view.innerHTML = `<h1>Neighbourhoods</h1>
  <p><a href="#/editor/new" id="newNb" role="button">New neighbourhood</a></p>
  <form id="fromXml"><fieldset><legend>Create from the PySSMic web editor's XML</legend>
    <label>Neighbourhood XML <input type="file" name="neighbourhood" accept=".xml" required></label>
    <label>Jobs XML <input type="file" name="jobs" accept=".xml"></label>
    <label>Name <input name="name" placeholder="optional"></label>
    <button type="submit">Create</button><div id="xmlResult"></div></fieldset></form>
  ${neighbourhoods.length ? `<table id="nbList"><thead><tr><th>Name</th><th>Version</th><th>Saved</th><th></th></tr></thead><tbody>${neighbourhoods.map((n) => `
    <tr data-neighbourhood="${esc(n.id)}"><td>${esc(n.name)}<br><code class="muted">${esc(n.id)}</code></td><td>v${n.version}</td><td>${esc(n.saved)}</td>
    <td><a href="#/editor/${esc(n.id)}">Edit</a> · <a href="/api/neighbourhoods/${esc(n.id)}/pyssmic.zip" download>PySSMic zip</a> · <a href="/api/neighbourhoods/${esc(n.id)}/esdl" download>ESDL</a></td></tr>`).join('')}</tbody></table>` : '<p class="muted" id="nbList">No neighbourhoods yet.</p>'}`;
  const form = h.view.querySelector('#fromXml');
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const body = new FormData();
    body.append('neighbourhood', form.neighbourhood.files[0]);
    if (form.jobs.files[0]) body.append('jobs', form.jobs.files[0]);
    if (form.name.value) body.append('name', form.name.value);
    try {
      const n = await h.api('/api/neighbourhoods/from-xml', { method: 'POST', body });
      location.hash = `#/editor/${n.id}`;
    } catch (e) { form.querySelector('#xmlResult').innerHTML = h.problemHtml(e); }
  };
}

function edit(h, saved, doc) {
  const { esc } = h;
  let dirty = !saved;
  const field = (path, label, type, unit, value, size = 10) => {
    const attrs = type === 'time' ? 'type="datetime-local"' : type === 'number' ? 'type="number" step="any"' : `type="text" size="${size}"`;
    const input = type === 'text'
      ? `<textarea data-path="${path}" rows="2" cols="36" placeholder="0 0&#10;3600 1000">${esc(value ?? '')}</textarea>`
      : `<input data-path="${path}" data-type="${type}" ${attrs} value="${esc(type === 'time' ? toInput(value) : value ?? '')}">`;
    return `<label>${esc(label)} ${input}${unit ? ` <small class="muted">${esc(unit)}</small>` : ''}</label>`;
  };
  const jobRows = (p, d) => (d.jobs || []).map((j, k) => `<tr data-path="${p}.jobs[${k}]"><td>${k + 1}</td>
    <td>${field(`${p}.jobs[${k}].earliest_start`, '', 'time', '', j.earliest_start)}</td><td>${field(`${p}.jobs[${k}].latest_start`, '', 'time', '', j.latest_start)}</td>
    <td>${field(`${p}.jobs[${k}].registered`, '', 'time', '', j.registered)}</td><td><button type="button" data-remove-job="${p}|${k}">Remove</button></td></tr>`).join('');
  const predictions = (p, d) => `<div class="predictions" data-path="${p}.predictions"><small class="muted">Predictions (up to 4; none: clear sky from size and orientation)</small>${(d.predictions || []).map((x, i) => `
    <div data-path="${p}.predictions[${i}]">${field(`${p}.predictions[${i}].issued_at`, `#${i + 1} issued`, 'time', 'UTC', x.issued_at)}
    ${field(`${p}.predictions[${i}].data`, 'unix_time cumulative Wh', 'text', '', x.data)} <input type="file" data-prediction-file="${p}|${i}" accept=".csv,.txt"> <button type="button" data-remove-prediction="${p}|${i}">Remove</button></div>`).join('')}
    <button type="button" data-add-prediction="${p}" ${(d.predictions || []).length >= 4 ? 'disabled' : ''}>Add prediction</button></div>`;
  const device = (hp, d, j) => {
    const p = `${hp}.devices[${j}]`;
    return `<div class="device" data-path="${p}" data-kind="${esc(d.kind)}"><strong>${esc(kinds[d.kind] || d.kind)}</strong>
      ${field(`${p}.id`, 'Id', 'id', '', d.id)}
      ${field(`${p}.name`, 'Name', 'id', '', d.name, 14)}
      <button type="button" data-remove-device="${hp}|${j}">Remove device</button><br>
      ${(fields[d.kind] || []).map(([k, label, type, unit]) => field(`${p}.${k}`, label, type, unit, d[k])).join(' ')}
      ${d.kind === 'pv' ? predictions(p, d) : ''}
      ${jobKinds.has(d.kind) ? `<div class="jobs" data-path="${p}.jobs"><table><thead><tr><th>Job</th><th>Earliest start (UTC)</th><th>Latest start (UTC)</th><th>Registered (default: earliest)</th><th></th></tr></thead><tbody>${jobRows(p, d)}</tbody></table>
        <button type="button" data-add-job="${p}">Add job</button>
        <details><summary>Jobs from XML</summary><textarea data-jobs-xml="${p}" rows="4" cols="60" placeholder="&lt;device&gt;&lt;id&gt;${esc(d.id)}&lt;/id&gt;&lt;est&gt;…&lt;/est&gt;&lt;lst&gt;…&lt;/lst&gt;&lt;/device&gt;"></textarea>
        <button type="button" data-add-jobs-xml="${p}">Add jobs from XML</button></details></div>` : ''}</div>`;
  };
  const house = (x, i) => {
    const p = `houses[${i}]`;
    return `<fieldset class="house" data-path="${p}"><legend>House ${field(`${p}.id`, '', 'id', '', x.id, 8)}
      ${field(`${p}.name`, 'Name', 'id', '', x.name, 14)}</legend>
      ${(x.devices || []).map((d, j) => device(p, d, j)).join('')}
      <label>Add <select class="new-kind">${Object.entries(kinds).map(([k, n]) => `<option value="${k}">${n}</option>`).join('')}</select></label>
      <button type="button" data-add-device="${i}">Add device</button> <button type="button" data-remove-house="${i}">Remove house</button></fieldset>`;
  };

  const render = () => {
    const id = saved?.id;
    h.view.innerHTML = `<h1>${esc(doc.name)} <small class="muted">${id ? `<code>${esc(id)}</code> <span id="version">v${saved.version}</span>` : 'not saved yet'}</small></h1>
    <p><a href="#/editor">← all neighbourhoods</a></p>
    <fieldset id="general" data-path=""><legend>Neighbourhood</legend>
      ${field('name', 'Name', 'id', '', doc.name, 24)}
      ${field('start', 'Start', 'time', 'UTC', doc.start)} ${field('days', 'Days', 'number', '', doc.days)}
      ${field('latitude', 'Latitude', 'number', '°', doc.latitude)} ${field('longitude', 'Longitude', 'number', '°', doc.longitude)}</fieldset>
    <div id="houses">${doc.houses.map(house).join('')}</div>
    <p><button type="button" id="addHouse">Add house</button></p>
    <div id="errors"></div>
    <fieldset id="actions"><legend>Save, export, run</legend>
      <button type="button" id="validate">Validate</button> <button type="button" id="save">Save</button> <span id="saveResult" role="status"></span>
      ${id ? `<span id="exports">Export v${saved.version}: <a id="exportPyssmic" href="${esc(saved.links.pyssmic)}" download>PySSMic zip</a> · <a id="exportEsdl" href="${esc(saved.links.esdl)}" download>ESDL</a></span>` : ''}<br>
      <label>Algorithm <select name="algorithm"><option>exact</option><option>naive</option><option>random</option><option>fifty-fifty</option></select></label>
      <label>Runs <input name="runs" type="number" min="1" max="10000" value="3" size="5"></label>
      <label>Seed <input name="seed" type="number" value="1" size="5"></label>
      <button type="button" id="run">Run</button> <span id="runResult"></span></fieldset>`;
    wire();
  };

  // ---- the document at a path like houses[0].devices[1].jobs[0].latest_start
  const steps = (path) => path.split(/\.|\[|\]/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const at = (path) => steps(path).reduce((o, s) => o?.[s], doc);
  const set = (path, value) => {
    const s = steps(path);
    const parent = s.slice(0, -1).reduce((o, k) => o[k], doc);
    if (value === undefined || value === '') delete parent[s.at(-1)]; else parent[s.at(-1)] = value;
    dirty = true;
  };
  const nextId = (list, base) => { let id = base, n = 2; while (list.some((x) => x.id === id)) id = `${base}${n++}`; return id; };

  const wire = () => {
    const v = h.view;
    v.querySelectorAll('[data-path][data-type], textarea[data-path]').forEach((input) => (input.oninput = input.onchange = () => {
      const t = input.dataset.type;
      set(input.dataset.path, t === 'number' ? (input.value === '' ? undefined : Number(input.value)) : t === 'time' ? fromInput(input.value) : input.value || undefined);
    }));
    v.querySelector('#addHouse').onclick = () => { doc.houses.push({ id: nextId(doc.houses, String(doc.houses.length + 1)), devices: [] }); dirty = true; render(); };
    v.querySelectorAll('[data-remove-house]').forEach((b) => (b.onclick = () => { doc.houses.splice(Number(b.dataset.removeHouse), 1); dirty = true; render(); }));
    v.querySelectorAll('[data-add-device]').forEach((b) => (b.onclick = () => {
      const x = doc.houses[Number(b.dataset.addDevice)];
      const kind = b.closest('.house').querySelector('.new-kind').value;
      x.devices.push({ id: nextId(x.devices, shortIds[kind]), kind, ...(jobKinds.has(kind) ? { jobs: [] } : {}) });
      dirty = true; render();
    }));
    const pair = (s) => { const [p, i] = s.split('|'); return [p, Number(i)]; };
    v.querySelectorAll('[data-remove-device]').forEach((b) => (b.onclick = () => { const [p, j] = pair(b.dataset.removeDevice); at(p).devices.splice(j, 1); dirty = true; render(); }));
    v.querySelectorAll('[data-add-job]').forEach((b) => (b.onclick = () => {
      const d = at(b.dataset.addJob);
      (d.jobs ||= []).push({ earliest_start: doc.start, latest_start: doc.start });
      dirty = true; render();
    }));
    v.querySelectorAll('[data-remove-job]').forEach((b) => (b.onclick = () => { const [p, k] = pair(b.dataset.removeJob); at(p).jobs.splice(k, 1); dirty = true; render(); }));
    v.querySelectorAll('[data-add-jobs-xml]').forEach((b) => (b.onclick = () => {
      const p = b.dataset.addJobsXml;
      const d = at(p);
      try {
        (d.jobs ||= []).push(...jobsFromXml(v.querySelector(`[data-jobs-xml="${p}"]`).value, d.id));
        dirty = true; render();
      } catch (e) { b.insertAdjacentHTML('afterend', ` <span class="field-error problem">${esc(e.message)}</span>`); }
    }));
    v.querySelectorAll('[data-add-prediction]').forEach((b) => (b.onclick = () => { (at(b.dataset.addPrediction).predictions ||= []).push({ issued_at: doc.start, data: '' }); dirty = true; render(); }));
    v.querySelectorAll('[data-remove-prediction]').forEach((b) => (b.onclick = () => { const [p, i] = pair(b.dataset.removePrediction); at(p).predictions.splice(i, 1); dirty = true; render(); }));
    v.querySelectorAll('[data-prediction-file]').forEach((f) => (f.onchange = async () => {
      const [p, i] = pair(f.dataset.predictionFile);
      at(p).predictions[i].data = await f.files[0].text();
      dirty = true; render();
    }));
    v.querySelector('#validate').onclick = () => send('/api/neighbourhoods/validate', 'POST', 'Valid');
    v.querySelector('#save').onclick = () => save();
    v.querySelector('#run').onclick = () => run();
  };

  // ---- errors next to their element: the input of the error's path, else its nearest element (job, device, house)
  const showErrors = (e) => {
    h.view.querySelectorAll('.field-error').forEach((x) => x.remove());
    const errors = e?.problem?.errors || [];
    h.view.querySelector('#errors').innerHTML = e ? `${h.problemHtml(e)}${errors.length ? `<ul class="diag">${errors.map((x) => `<li class="problem">${esc(x.message)} <code>${esc(x.path)}</code></li>`).join('')}</ul>` : ''}` : '';
    for (const x of errors) {
      let path = x.path, target = null;
      while (path && !(target = h.view.querySelector(`[data-path="${CSS.escape(path)}"]`))) path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      const note = Object.assign(document.createElement('span'), { className: 'field-error problem', textContent: x.message });
      note.dataset.errorFor = x.path;
      (target || h.view.querySelector('#general')).insertAdjacentElement(target && /^(INPUT|TEXTAREA)$/.test(target.tagName) ? 'afterend' : 'beforeend', note);
    }
  };
  const send = async (path, method, ok) => {
    const out = h.view.querySelector('#saveResult');
    try {
      const r = await h.api(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
      showErrors(null);
      out.innerHTML = `<span class="ok">${esc(ok)}${r.warnings?.length ? ` — ${r.warnings.map(esc).join('; ')}` : ''}</span>`;
      return r;
    } catch (e) { showErrors(e); out.innerHTML = '<span class="problem">not saved: see the errors</span>'; return null; }
  };
  const save = async () => {
    const r = await send(saved ? `/api/neighbourhoods/${saved.id}` : '/api/neighbourhoods', saved ? 'PUT' : 'POST', 'Saved');
    if (!r) return null;
    const first = !saved;
    saved = r; doc = r.document; dirty = false;
    if (first) history.replaceState(null, '', `#/editor/${r.id}`);
    render();
    h.view.querySelector('#saveResult').innerHTML = `<span class="ok">Saved as version ${r.version}${r.warnings?.length ? ` — ${r.warnings.map(esc).join('; ')}` : ''}</span>`;
    return r;
  };
  const run = async () => {
    if ((dirty || !saved) && !(await save())) return;
    const a = h.view.querySelector('#actions');
    const q = new URLSearchParams({ scenario: saved.id, algorithm: a.querySelector('[name=algorithm]').value, runs: a.querySelector('[name=runs]').value, seed: a.querySelector('[name=seed]').value, days: String(doc.days) });
    try {
      const r = await h.api(`/api/runs?${q}`, { method: 'POST' });
      location.hash = `#/runs?scenario=${encodeURIComponent(saved.id)}&run=${encodeURIComponent(r.id)}`;
    } catch (e) { a.querySelector('#runResult').innerHTML = h.problemHtml(e); }
  };
  render();
}
