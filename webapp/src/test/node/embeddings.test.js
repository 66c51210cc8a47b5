import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client } from './client.js';

test('embeddings: the SDK default (base64) decodes to the same floats as encoding_format float', async () => {
  const input = ['Der Hund schläft.', 'El perro duerme.'];
  const packed = await client().embeddings.create({ model: 'text-embedding-3-small', input });
  const floats = await client().embeddings.create({ model: 'text-embedding-3-small', input, encoding_format: 'float' });
  assert.equal(packed.data.length, 2);
  assert.equal(floats.data[0].embedding.length, 384);
  for (let i = 0; i < 2; i++) {
    assert.equal(packed.data[i].embedding.length, 384);
    packed.data[i].embedding.forEach((v, j) => assert.equal(Math.fround(v), Math.fround(floats.data[i].embedding[j])));
  }
  assert.ok(floats.usage.prompt_tokens > 0);
});
