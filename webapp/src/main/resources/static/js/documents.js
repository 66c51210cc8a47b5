// Documents page: drag-and-drop upload of several files, one progress bar per file fed by the
// ingestion events (server-sent events). File names and errors go in via textContent only.
'use strict';
(() => {
  const form = document.getElementById('upload-form');
  const input = document.getElementById('files');
  const zone = document.getElementById('dropzone');
  const list = document.getElementById('uploads');
  const labels = form.dataset;
  const rows = new Map();    // documentId -> { bar, state }
  const latest = new Map();  // documentId -> latest progress, for events that beat the upload's answer
  const stateLabel = (s) => labels[s.toLowerCase()] || s;

  function show(p) {
    latest.set(p.id, p);
    const row = rows.get(p.id);
    if (!row) return;
    row.bar.value = p.percent;
    row.bar.setAttribute('aria-valuenow', String(p.percent));
    row.state.textContent = stateLabel(p.state) + (p.state === 'INDEXED' || p.state === 'FAILED' ? '' : ' ' + p.percent + ' %');
    if (p.error) row.state.title = p.error;
    row.item.dataset.state = p.state;
    row.item.dataset.percent = String(p.percent);
  }

  function addRow(p) {
    const item = document.createElement('li');
    item.dataset.document = p.id;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.fileName;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', p.fileName);
    const state = document.createElement('span');
    state.className = 'state';
    item.append(name, bar, state);
    list.append(item);
    rows.set(p.id, { item, bar, state });
    show(latest.has(p.id) && latest.get(p.id).percent >= p.percent ? latest.get(p.id) : p);
  }

  // When a document finishes, the library table is refreshed from the server's own rendering of it.
  let refresh = null;
  async function refreshLibrary() {
    const response = await fetch(location.pathname + location.search, { credentials: 'same-origin' });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('library');
    const current = document.getElementById('library');
    if (fresh && current) current.replaceWith(document.adoptNode(fresh));
  }

  const events = new EventSource('/documents/events');
  events.addEventListener('progress', (e) => {
    const p = JSON.parse(e.data);
    show(p);
    if (p.finished && rows.has(p.id)) {
      clearTimeout(refresh);
      refresh = setTimeout(refreshLibrary, 300);
    }
  });

  async function upload(files) {
    if (!files.length) return;
    const body = new FormData();
    for (const f of files) body.append('files', f, f.name);
    body.append('collection', document.getElementById('upload-collection').value || 'default');
    const response = await window.tramontane.post('/documents/upload', body);
    if (!response.ok) {
      const item = document.createElement('li');
      item.className = 'error';
      item.textContent = labels.uploadFailed + ': ' + response.status;
      list.append(item);
      return;
    }
    for (const p of await response.json()) addRow(p);
  }

  input.addEventListener('change', () => { upload(Array.from(input.files)); input.value = ''; });
  ['dragenter', 'dragover'].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add('over'); }));
  ['dragleave', 'drop'].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.remove('over'); }));
  zone.addEventListener('drop', (e) => upload(Array.from(e.dataTransfer.files)));
})();
