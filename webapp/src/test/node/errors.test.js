import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { client, model } from './client.js';

test('a wrong key is an AuthenticationError (401)', async () => {
  await assert.rejects(
    client('not-a-key').chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e instanceof OpenAI.AuthenticationError && e.status === 401 && e.code === 'invalid_api_key');
});

test('an unknown model is a NotFoundError (404)', async () => {
  await assert.rejects(
    client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
});

test('an invalid parameter is a BadRequestError naming it (400)', async () => {
  await assert.rejects(
    client().chat.completions.create({ model, n: 3, messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === 'n');
});

test('a prompt beyond the context is a BadRequestError context_length_exceeded (400)', async () => {
  await assert.rejects(
    client().chat.completions.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'word '.repeat(3000) }] }),
    (e) => e instanceof OpenAI.BadRequestError && e.code === 'context_length_exceeded');
});
