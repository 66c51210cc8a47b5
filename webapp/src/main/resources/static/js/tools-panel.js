// Chat page, Tools panel: which tools the model may call in this conversation and the tool choice.
// Saved at each change; before the first question there is no conversation yet, so the choice is held
// and the conversation is created with it when the question is sent (chat.js asks createConversation).
'use strict';
(() => {
  const panel = document.getElementById('tools-panel');
  if (!panel) return;
  const status = document.getElementById('tools-status');
  const count = document.getElementById('tools-count');
  const choice = document.getElementById('tool-choice');
  let pending = false;

  function state() {
    const enabled = [...panel.querySelectorAll('input[name="tool"]:checked')].map((i) => i.value);
    return { enabled, toolChoice: choice.value };
  }

  function show(kind, detail) {
    panel.dataset.state = kind;
    status.textContent = panel.dataset[kind] + (detail ? ': ' + detail : '');
  }

  function send(method, url, body) {
    const headers = window.tramontane.postHeaders();
    headers['Content-Type'] = 'application/json';
    return fetch(url, { method, headers, body: JSON.stringify(body), credentials: 'same-origin' });
  }

  async function failure(response) {
    const json = await response.json().catch(() => ({}));
    show('failed', json.error || json.message || response.statusText);
  }

  async function save() {
    const s = state();
    count.textContent = panel.dataset.on.replace('{0}', String(s.enabled.length));
    const id = document.body.dataset.conversation;
    if (!id) {
      pending = true;
      show('pending');
      return;
    }
    panel.dataset.state = 'saving';
    const response = await send('PUT', '/chat/' + encodeURIComponent(id) + '/tools', s);
    if (response.ok) show('saved');
    else await failure(response);
  }

  // Naming one tool in the choice turns that tool on (the server refuses a choice of a tool that is off);
  // turning the named tool off falls back to "the model decides".
  panel.addEventListener('change', (event) => {
    const named = panel.querySelector('input[name="tool"][value="' + CSS.escape(choice.value) + '"]');
    if (event.target === choice && named) named.checked = true;
    if (event.target.name === 'tool' && !event.target.checked && event.target.value === choice.value) choice.value = 'auto';
    save();
  });

  window.tramontane.toolsPanel = {
    /** Whether the panel was changed before the conversation exists. */
    pending: () => pending && !document.body.dataset.conversation,
    /** Creates the conversation with the panel's tools; resolves to its id, or null when refused. */
    async createConversation(title) {
      const response = await send('POST', '/chat/conversations', { title, ...state() });
      if (!response.ok) {
        await failure(response);
        return null;
      }
      pending = false;
      show('saved');
      return (await response.json()).conversationId;
    },
  };
})();
