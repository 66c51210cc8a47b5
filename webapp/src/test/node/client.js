// The server under test: OpenAiNodeSdkTest starts the app and passes its address, key and model here.
import OpenAI from 'openai';

export const baseURL = process.env.TRAMONTANE_BASE_URL;
export const apiKey = process.env.TRAMONTANE_API_KEY;
export const model = process.env.TRAMONTANE_MODEL;

if (!baseURL || !apiKey || !model) {
  throw new Error('set TRAMONTANE_BASE_URL, TRAMONTANE_API_KEY and TRAMONTANE_MODEL (OpenAiNodeSdkTest does)');
}

export function client(key = apiKey) {
  return new OpenAI({ baseURL, apiKey: key, maxRetries: 0, timeout: 120_000 });
}
