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
