// Load test (a command, not a unit test): N concurrent streaming clients for D seconds against a running
// Tramontane server, through the official openai SDK. Prints requests, errors, total completion tokens/s and
// time-to-first-token percentiles as JSON.
//
//   TRAMONTANE_BASE_URL=http://127.0.0.1:8080/v1 TRAMONTANE_API_KEY=k TRAMONTANE_MODEL=m \
//     node load.mjs [clients=32] [seconds=120] [max_tokens=32]
import OpenAI from 'openai';

const [clients = 32, seconds = 120, maxTokens = 32] = process.argv.slice(2).map(Number);
const { TRAMONTANE_BASE_URL: baseURL, TRAMONTANE_API_KEY: apiKey, TRAMONTANE_MODEL: model } = process.env;
if (!baseURL || !apiKey || !model) throw new Error('set TRAMONTANE_BASE_URL, TRAMONTANE_API_KEY and TRAMONTANE_MODEL');

const openai = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 600_000 });
const prompts = ['Tell me a story about a lighthouse.', 'Explain tides to a child.', 'Write a short poem about the wind.',
  'What is a mixture of experts?', 'Describe a walk in Brittany.', 'List three French cheeses.'];
const end = Date.now() + seconds * 1000;
const ttft = [];
const errors = [];
let requests = 0;
let tokens = 0;

async function client(c) {
  for (let i = 0; Date.now() < end; i++) {
    const started = performance.now();
    let first = null;
    try {
      const stream = await openai.chat.completions.create({
        model, stream: true, stream_options: { include_usage: true }, max_tokens: maxTokens, seed: c * 1000 + i,
        messages: [{ role: 'user', content: prompts[(c + i) % prompts.length] }],
      });
      for await (const chunk of stream) {
        if (first === null && chunk.choices.length > 0 && chunk.choices[0].delta.content) first = performance.now();
        if (chunk.usage) tokens += chunk.usage.completion_tokens;
      }
      requests++;
      if (first !== null) ttft.push(first - started);
    } catch (e) {
      errors.push(String(e.status ?? '') + ' ' + e.message);
    }
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
const elapsed = (performance.now() - t0) / 1000;
ttft.sort((a, b) => a - b);
const pct = (p) => (ttft.length ? Math.round(ttft[Math.min(ttft.length - 1, Math.floor(p * ttft.length))]) : null);
console.log(JSON.stringify({
  clients, seconds: Math.round(elapsed), maxTokens, requests, errors: errors.length, firstErrors: errors.slice(0, 5),
  completionTokens: tokens, tokensPerSecond: +(tokens / elapsed).toFixed(1),
  ttftMs: { p50: pct(0.5), p95: pct(0.95), max: pct(1) },
}, null, 1));
process.exit(errors.length === 0 ? 0 : 1);
