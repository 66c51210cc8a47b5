// Shared by every page: CSRF headers for fetch POSTs and confirmation of destructive forms.
'use strict';
window.tramontane = {
  postHeaders() {
    const token = document.querySelector('meta[name="_csrf"]');
    const header = document.querySelector('meta[name="_csrf_header"]');
    const headers = { 'Accept': 'application/json' };
    if (token && header) headers[header.content] = token.content;
    return headers;
  },
  post(url, body) {
    return fetch(url, { method: 'POST', headers: this.postHeaders(), body: body, credentials: 'same-origin' });
  }
};
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
