import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, model } from './client.js';

const tools = [{
  type: 'function',
  function: {
    name: 'get_weather', description: 'Current weather for a city',
    parameters: { type: 'object', additionalProperties: false, required: ['city'], properties: { city: { type: 'string', maxLength: 20 } } },
  },
}, {
  type: 'function',
  function: {
    name: 'add', description: 'Add two integers',
    parameters: { type: 'object', additionalProperties: false, required: ['a', 'b'], properties: { a: { type: 'integer' }, b: { type: 'integer' } } },
  },
}];

test('tool_choice required returns well-formed calls to declared tools', async () => {
  const r = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'What is the weather in Lyon?' }], tools, tool_choice: 'required', max_tokens: 200, seed: 6,
  });
  assert.equal(r.choices[0].finish_reason, 'tool_calls');
  const calls = r.choices[0].message.tool_calls;
  assert.ok(calls.length >= 1);
  for (const call of calls) {
    assert.equal(call.type, 'function');
    assert.ok(call.id.length > 0);
    assert.ok(['get_weather', 'add'].includes(call.function.name));
    const args = JSON.parse(call.function.arguments);
    assert.deepEqual(Object.keys(args).sort(), call.function.name === 'add' ? ['a', 'b'] : ['city']);
  }
});

test('a named tool_choice is streamed as tool_calls deltas the SDK assembles', async () => {
  const runner = client().chat.completions.stream({
    model, messages: [{ role: 'user', content: 'Add 2 and 40' }], tools, max_tokens: 200, seed: 7,
    tool_choice: { type: 'function', function: { name: 'add' } },
  });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].finish_reason, 'tool_calls');
  const call = final.choices[0].message.tool_calls[0];
  assert.equal(call.function.name, 'add');
  const args = JSON.parse(call.function.arguments);
  assert.ok(Number.isInteger(args.a) && Number.isInteger(args.b));
});

test('a conversation carrying a tool call and its result is answered', async () => {
  const r = await client().chat.completions.create({
    model, tools, max_tokens: 5, seed: 8,
    messages: [
      { role: 'user', content: 'Weather in Nice?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Nice"}' } }] },
      { role: 'tool', tool_call_id: 'call_abc', content: '21 C and sunny' },
    ],
  });
  assert.ok(r.usage.prompt_tokens > 20);
  assert.ok(['stop', 'length', 'tool_calls'].includes(r.choices[0].finish_reason));
});

test('server_tools run on the server: the answer shows the calculator call with its result', async () => {
  // server_tools is Tramontane's extension; the SDK passes unknown body fields through.
  const r = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'What is 1250 * 1.2 / 7?' }], max_tokens: 100, seed: 9,
    server_tools: ['calculator'], tool_choice: 'required',
  });
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.equal(r.choices[0].message.tool_calls, undefined);
  const calls = r.choices[0].message.server_tool_calls;
  assert.ok(calls.length >= 1);
  for (const call of calls) {
    assert.equal(call.name, 'calculator');
    assert.deepEqual(Object.keys(JSON.parse(call.arguments)), ['expression']);
    if (call.status === 'completed') {
      assert.ok(JSON.parse(call.result).result.length > 0);
    } else {
      assert.equal(call.status, 'failed');
      assert.match(call.error, /calculator/);
    }
  }
});

test('streamed server tool calls arrive as chunks the SDK passes through, before the answer ends', async () => {
  const stream = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'What is 2 ^ 10?' }], max_tokens: 100, seed: 10,
    server_tools: ['calculator'], tool_choice: 'required', stream: true,
  });
  const seen = [];
  let finish = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta?.server_tool_call) seen.push(choice.delta.server_tool_call);
    if (choice?.finish_reason) finish = choice.finish_reason;
  }
  assert.ok(['stop', 'length'].includes(finish));
  assert.ok(seen.length >= 2);
  assert.equal(seen[0].status, 'running');
  assert.equal(seen[0].name, 'calculator');
  const ended = seen.find((c) => c.id === seen[0].id && c.status !== 'running');
  assert.ok(['completed', 'failed'].includes(ended.status));
});

test('an unknown server tool is a 400 naming the tools there are', async () => {
  await assert.rejects(client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5, server_tools: ['rm_rf'],
  }), (e) => e.status === 400 && /rm_rf/.test(e.message) && /calculator/.test(e.message));
});
