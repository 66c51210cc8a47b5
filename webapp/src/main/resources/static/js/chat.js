// Chat page: sends a question, follows the answer over server-sent events, stops, regenerates, copies.
// Untrusted text (questions, streamed model output, tool data) only ever goes in via textContent;
// the finished answer is replaced by the server's rendering, which escapes all raw HTML.
'use strict';
(() => {
  const form = document.getElementById('composer');
  const question = document.getElementById('question');
  const messages = document.getElementById('messages');
  const stopButton = document.getElementById('stop');
  const sendButton = document.getElementById('send');
  const status = document.getElementById('turn-status');
  const labels = form.dataset;
  let conversationId = document.body.dataset.conversation || '';
  let current = null; // { turnId, source }

  function busy(on) {
    stopButton.hidden = !on;
    sendButton.disabled = on;
    document.body.dataset.streaming = on ? 'true' : 'false';
  }

  function bubble(fromUser, text) {
    const article = document.createElement('article');
    article.className = 'message ' + (fromUser ? 'user' : 'assistant');
    const who = document.createElement('h3');
    who.className = 'who';
    who.textContent = fromUser ? labels.you : labels.assistant;
    const body = document.createElement('div');
    body.className = 'text ' + (fromUser ? 'plain' : 'streaming');
    body.textContent = text;
    article.append(who, body);
    const hint = document.getElementById('empty-hint');
    if (hint) hint.remove();
    messages.append(article);
    return article;
  }

  async function replaceWithStored(article, convId, messageId) {
    const response = await fetch('/chat/' + encodeURIComponent(convId) + '/messages/' + messageId);
    if (!response.ok) return;
    // Server-rendered fragment: document and model text in it are escaped by the server.
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.firstElementChild;
    messages.querySelectorAll('.regenerate').forEach((b) => b.remove());
    article.replaceWith(fresh);
  }

  async function refreshSidebar() {
    const response = await fetch('/chat/sidebar?current=' + encodeURIComponent(conversationId));
    if (!response.ok) return;
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    document.getElementById('conversation-list').replaceWith(template.content.firstElementChild);
  }

  function label(text) {
    const p = document.createElement('p');
    p.className = 'label';
    p.textContent = text;
    return p;
  }

  function follow(turnId, article) {
    const body = article.querySelector('.text');
    let tokens = 0;
    status.textContent = labels.searching;
    const source = new EventSource('/chat/turns/' + encodeURIComponent(turnId) + '/events');
    current = { turnId, source };
    busy(true);
    source.addEventListener('sources', () => { status.textContent = labels.writing; });
    source.addEventListener('token', (e) => {
      tokens++;
      body.textContent += JSON.parse(e.data);
      document.body.dataset.tokens = String(tokens);
    });
    // A tool call comes twice with one id: as it starts (result null: "calling calculator…"), then with its result.
    source.addEventListener('tool', (e) => {
      const call = JSON.parse(e.data);
      let details = [...article.querySelectorAll('details.tool-call')].find((d) => d.dataset.callId === call.id);
      if (!details) {
        details = document.createElement('details');
        details.className = 'tool-call';
        details.dataset.callId = call.id;
        details.append(document.createElement('summary'), label(labels.toolArguments), document.createElement('pre'),
          label(labels.toolResult), document.createElement('pre'));
        let calls = article.querySelector('.tool-calls');
        if (!calls) {
          calls = document.createElement('div');
          calls.className = 'tool-calls';
          article.insertBefore(calls, body);
        }
        calls.append(details);
      }
      const running = call.result === null;
      const [summary, , args, resultLabel, result] = details.children;
      details.dataset.state = running ? 'running' : call.failed ? 'failed' : 'done';
      summary.textContent = running ? labels.calling + ' ' + call.name + '…'
        : labels.tool + ': ' + call.name + (call.failed ? ' — ' + labels.toolFailed : '');
      args.textContent = call.arguments;
      result.textContent = running ? '' : call.result;
      resultLabel.hidden = running;
      result.hidden = running;
    });
    source.addEventListener('done', async (e) => {
      source.close();
      const done = JSON.parse(e.data);
      await replaceWithStored(article, done.conversationId, done.messageId);
      await refreshSidebar();
      status.textContent = '';
      current = null;
      busy(false);
      document.body.dataset.lastMessage = String(done.messageId);
    });
    source.onerror = () => {
      if (!current || current.source !== source) return;
      source.close();
      status.textContent = labels.failed;
      current = null;
      busy(false);
    };
  }

  async function start(url, body) {
    const response = await window.tramontane.post(url, body);
    const json = await response.json();
    if (!response.ok) {
      status.textContent = json.error || response.statusText;
      return null;
    }
    if (json.conversationId !== conversationId) {
      conversationId = json.conversationId;
      document.body.dataset.conversation = conversationId;
      history.replaceState(null, '', '/chat/' + encodeURIComponent(conversationId));
    }
    return json.turnId;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text || current) return;
    bubble(true, text);
    question.value = '';
    let target = conversationId;
    const tools = window.tramontane.toolsPanel;
    if (!target && tools && tools.pending()) {
      // The Tools panel was set before the first question: the conversation starts with those tools.
      target = await tools.createConversation(text);
      if (!target) return;
    }
    const body = new URLSearchParams({ question: text, conversationId: target });
    const turnId = await start('/chat/turns', body);
    if (turnId) follow(turnId, bubble(false, ''));
  });

  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  stopButton.addEventListener('click', () => {
    if (current) window.tramontane.post('/chat/turns/' + encodeURIComponent(current.turnId) + '/stop');
  });

  messages.addEventListener('click', async (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.classList.contains('copy')) {
      await navigator.clipboard.writeText(button.dataset.copy).catch(() => {});
      const label = button.textContent;
      button.textContent = labels.copied;
      setTimeout(() => { button.textContent = label; }, 1500);
    } else if (button.classList.contains('regenerate') && !current) {
      const article = button.closest('article');
      const turnId = await start('/chat/' + encodeURIComponent(conversationId) + '/regenerate', new URLSearchParams());
      if (!turnId) return;
      const fresh = bubble(false, '');
      article.replaceWith(fresh);
      follow(turnId, fresh);
    }
  });
})();
