// llama.cpp's logits for a token sequence, in the JSON layout of `tramontane logits` (and of the
// fixtures' *.en.json files): for each prompt token fed one at a time, the top-K logits and the
// log-sum-exp; then N greedy tokens fed the same way. Used by docs/bench/check-quantize.sh to show
// that files written by `tramontane quantize` load in llama.cpp and agree with Tramontane.
// Usage (node-llama-cpp installed outside the repo, e.g. `cd /work/peer && npm install node-llama-cpp@3.22.1`):
//   node docs/bench/llama-cpp-logits.mjs --peer /work/peer --model FILE --prompt TEXT [--top 8] [--gen 32]
import path from "node:path";
import { pathToFileURL } from "node:url";

function options(argv) {
    const o = { peer: process.env.NODE_LLAMA_CPP_DIR ?? "/work/peer", top: 8, gen: 32, threads: 1 };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
        o[a.slice(2)] = argv[++i];
    }
    for (const k of ["top", "gen", "threads"]) o[k] = Number(o[k]);
    if (!o.model || o.prompt === undefined) throw new Error("--model FILE and --prompt TEXT are required");
    return o;
}

const o = options(process.argv.slice(2));
const lib = await import(pathToFileURL(path.join(o.peer, "node_modules/node-llama-cpp/dist/index.js")).href);
const llama = await lib.getLlama({ gpu: false, build: "never", maxThreads: o.threads, logLevel: lib.LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: o.model, gpuLayers: 0, useMmap: true });
// BOS, then the text with special-token text parsed, as llama.cpp's own tools tokenize a prompt.
const prompt = [model.tokens.bos, ...model.tokenize(o.prompt, true)];
const context = await model.createContext({ contextSize: prompt.length + o.gen + 8, batchSize: 1, sequences: 1,
    threads: { ideal: o.threads, min: o.threads } });
const sequence = context.getSequence();

// Feeds one token and returns the next-token logits summary: top-K [id, logit] and log-sum-exp.
async function feed(token) {
    const [result] = await sequence.controlledEvaluate([[token, { generateNext: { logits: true } }]]);
    const logits = [...result.next.logits.entries()];
    const max = logits[0][1];
    let weight = 0;
    for (const [, l] of logits) weight += Math.exp(l - max);
    return { top: logits.slice(0, o.top), logsumexp: max + Math.log(weight) };
}

const positions = [];
let last;
for (const t of prompt) {
    last = await feed(t);
    positions.push(last);
}
const greedy = [];
const generated = [];
for (let j = 0; j < o.gen; j++) {
    const next = last.top[0][0];
    greedy.push(next);
    last = await feed(next);
    generated.push(last);
}
console.log(JSON.stringify({ n_vocab: model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length, prompt_tokens: prompt,
    positions, greedy, generated_positions: generated }));
await context.dispose();
await model.dispose();
await llama.dispose();
