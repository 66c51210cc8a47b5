import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, model } from './client.js';

test('lists the loaded model', async () => {
  const ids = [];
  for await (const m of client().models.list()) ids.push(m.id);
  assert.deepEqual(ids, [model]);
});

test('answers a chat completion with usage', async () => {
  const r = await client().chat.completions.create({
    model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }],
    max_completion_tokens: 6, seed: 1,
  });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.ok(r.choices[0].message.content.length > 0);
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.ok(r.usage.completion_tokens >= 1 && r.usage.completion_tokens <= 6);
  assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
});

test('streams the same text as a whole answer, ending with a usage chunk', async () => {
  const request = { model, messages: [{ role: 'user', content: 'Tell me a story' }], max_tokens: 8, seed: 5, temperature: 0.9 };
  const whole = await client().chat.completions.create(request);
  const stream = await client().chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
  let text = '';
  let finish = null;
  let usage = null;
  let first = true;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    if (first) {
      assert.equal(chunk.choices[0].delta.role, 'assistant');
      first = false;
    }
    if (chunk.choices.length > 0) {
      text += chunk.choices[0].delta.content ?? '';
      finish = chunk.choices[0].finish_reason ?? finish;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, whole.choices[0].message.content);
  assert.equal(finish, whole.choices[0].finish_reason);
  assert.equal(usage.completion_tokens, whole.usage.completion_tokens);
});

test("the SDK's stream helper assembles the final completion", async () => {
  const runner = client().chat.completions.stream({
    model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5, seed: 2,
  });
  const final = await runner.finalChatCompletion();
  assert.ok(final.choices[0].message.content.length > 0);
});

test('a json_schema response format yields JSON matching the schema', async () => {
  const r = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'Describe a book' }], max_tokens: 150, seed: 3,
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'book', strict: true,
        schema: {
          type: 'object', additionalProperties: false, required: ['title', 'year', 'genre'],
          properties: { title: { type: 'string', maxLength: 20 }, year: { type: 'integer' }, genre: { enum: ['novel', 'poetry'] } },
        },
      },
    },
  });
  const book = JSON.parse(r.choices[0].message.content);
  assert.deepEqual(Object.keys(book).sort(), ['genre', 'title', 'year']);
  assert.ok(Number.isInteger(book.year));
  assert.ok(['novel', 'poetry'].includes(book.genre));
});

test('json_object gives valid JSON', async () => {
  const r = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'JSON please' }], max_tokens: 60, seed: 4,
    response_format: { type: 'json_object' },
  });
  if (r.choices[0].finish_reason === 'stop') JSON.parse(r.choices[0].message.content);
  assert.ok(r.choices[0].message.content.length > 0);
});
