// Settings page: "Load" checks the model file, then follows the background load over SSE and
// moves the progress bar; the texts come translated from the server.
'use strict';
(() => {
  const form = document.getElementById('model-form');
  if (!form) return;
  const input = document.getElementById('modelPath');
  const button = document.getElementById('load-model');
  const box = document.getElementById('model-load');
  const bar = document.getElementById('model-progress');
  const stage = document.getElementById('model-load-stage');

  function refusal(text) {
    let check = document.getElementById('model-check');
    if (!check) {
      check = document.createElement('p');
      check.id = 'model-check';
      check.className = 'error';
      check.setAttribute('role', 'alert');
      document.getElementById('modelPath-help').after(check);
    }
    check.textContent = text;
    input.setAttribute('aria-invalid', 'true');
  }

  function clearRefusal() {
    const check = document.getElementById('model-check');
    if (check) check.remove();
    input.removeAttribute('aria-invalid');
  }

  function show(p) {
    box.hidden = false;
    box.dataset.stage = p.stage;
    bar.value = p.percent;
    bar.setAttribute('aria-valuenow', String(p.percent));
    stage.textContent = p.text;
    stage.classList.toggle('error', p.stage === 'FAILED');
  }

  function follow() {
    button.disabled = true;
    const events = new EventSource(form.action + '/progress');
    events.addEventListener('progress', (e) => {
      const p = JSON.parse(e.data);
      show(p);
      if (p.finished) {
        events.close();
        button.disabled = false;
        // The model's state is drawn by the server; fetch the page again for it.
        if (p.stage === 'READY') refreshStatus();
      }
    });
    events.onerror = () => { events.close(); button.disabled = false; };
  }

  function refreshStatus() {
    fetch(window.location.pathname, { credentials: 'same-origin' })
      .then((r) => r.text())
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('model-state');
        const current = document.getElementById('model-state');
        if (fresh && current) current.replaceWith(fresh);
      });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearRefusal();
    button.disabled = true;
    window.tramontane.post(form.action, new URLSearchParams({ path: input.value }))
      .then((r) => r.json().then((body) => ({ status: r.status, body })))
      .then(({ status, body }) => {
        if (status === 202) {
          follow();
        } else {
          button.disabled = false;
          refusal(body.error || String(status));
        }
      })
      .catch((e) => { button.disabled = false; refusal(String(e)); });
  });

  // A load started elsewhere (another tab, the API, or the form without script) is followed too.
  if (box.dataset.stage && box.dataset.stage !== 'READY' && box.dataset.stage !== 'FAILED') follow();
})();
