// llama.cpp's side of docs/benchmarks.md: the same two tests as `tramontane bench`, run through
// node-llama-cpp's prebuilt llama.cpp (CPU only). The npm package ships only the Node addon, not
// llama.cpp's own llama-bench, so this script times llama_decode calls the way llama-bench does:
//   pp N: N random tokens decoded as one batch into an empty KV cache;
//   tg N: N tokens decoded one at a time from an empty cache, each producing logits (greedy sampling
//         forces them, as llama-bench's tg does by requesting the last token's output).
// Usage (node-llama-cpp installed outside the repo, e.g. `cd /work/peer && npm install node-llama-cpp@3.22.1`):
//   node docs/bench/llama-cpp-bench.mjs --peer /work/peer --model FILE --threads 2 --pp 128 --tg 32 --reps 3 [--json]
import path from "node:path";
import { pathToFileURL } from "node:url";
import fs from "node:fs";

function options(argv) {
    const o = { peer: process.env.NODE_LLAMA_CPP_DIR ?? "/work/peer", threads: 2, pp: 128, tg: 32, reps: 3, seed: 1, json: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--json") o.json = true;
        else if (a.startsWith("--")) o[a.slice(2)] = argv[++i];
        else throw new Error(`unexpected argument ${a}`);
    }
    for (const k of ["threads", "pp", "tg", "reps", "seed"]) o[k] = Number(o[k]);
    if (!o.model) throw new Error("--model FILE is required");
    return o;
}

// A small seeded generator (mulberry32), so both engines can be given the same kind of random tokens.
function random(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function summary(tokens, samples) {
    const s = [...samples].sort((x, y) => x - y);
    const n = s.length;
    const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    const mean = s.reduce((x, y) => x + y, 0) / n;
    const stddev = n > 1 ? Math.sqrt(s.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1)) : 0;
    return { tokens, reps: n, tokens_per_s: median, min: s[0], max: s[n - 1], stddev, samples };
}

const o = options(process.argv.slice(2));
const lib = await import(pathToFileURL(path.join(o.peer, "node_modules/node-llama-cpp/dist/index.js")).href);
const llama = await lib.getLlama({ gpu: false, build: "never", maxThreads: o.threads, logLevel: lib.LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: o.model, gpuLayers: 0, useMmap: true });
const context = await model.createContext({
    contextSize: Math.max(o.pp, o.tg, 1) + 16, batchSize: Math.max(o.pp, 1), sequences: 1,
    threads: { ideal: o.threads, min: o.threads }, flashAttention: false,
});
const sequence = context.getSequence();
const nVocab = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 32000;
const rnd = random(o.seed);
const randomTokens = (n) => Array.from({ length: n }, () => Math.floor(rnd() * nVocab));

async function pp(n) {
    await sequence.clearHistory();
    const tokens = randomTokens(n);
    const t0 = process.hrtime.bigint();
    await sequence.evaluateWithoutGeneratingNewTokens(tokens);
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function tg(n) {
    await sequence.clearHistory();
    const t0 = process.hrtime.bigint();
    let produced = 0;
    // The first decode feeds one random token; each yielded token cost one single-token decode.
    for await (const token of sequence.evaluate(randomTokens(1), { temperature: 0 })) {
        if (++produced >= n) break;
    }
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const result = {
    engine: `llama.cpp ${llama.llamaCppRelease.repo}@${llama.llamaCppRelease.release} via node-llama-cpp ${JSON.parse(fs.readFileSync(path.join(o.peer, "node_modules/node-llama-cpp/package.json"))).version}`,
    model: o.model, model_bytes: fs.statSync(o.model).size, threads: o.threads, system_info: llama.systemInfo,
};
if (o.pp > 0) {
    await pp(o.pp); // one untimed run of the same test first, as llama-bench does
    const s = [];
    for (let r = 0; r < o.reps; r++) { s.push(await pp(o.pp)); if (!o.json) console.error(`pp${o.pp} run ${r + 1}/${o.reps}: ${s[r].toFixed(2)} t/s`); }
    result.pp = summary(o.pp, s);
}
if (o.tg > 0) {
    await tg(Math.min(o.tg, 4));
    const s = [];
    for (let r = 0; r < o.reps; r++) { s.push(await tg(o.tg)); if (!o.json) console.error(`tg${o.tg} run ${r + 1}/${o.reps}: ${s[r].toFixed(2)} t/s`); }
    result.tg = summary(o.tg, s);
}
result.peak_rss_bytes = Number((fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/) ?? [0, -1])[1]) * 1024;
if (o.json) {
    console.log(JSON.stringify(result));
} else {
    console.log(`${result.engine}, ${o.threads} threads\n${llama.systemInfo}`);
    for (const k of ["pp", "tg"]) if (result[k]) console.log(`${k}${result[k].tokens}: ${result[k].tokens_per_s.toFixed(2)} t/s (min ${result[k].min.toFixed(2)}, max ${result[k].max.toFixed(2)})`);
}
await context.dispose();
await model.dispose();
await llama.dispose();
