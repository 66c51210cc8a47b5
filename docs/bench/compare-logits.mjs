// Compares two logits files in the fixtures' layout (reference first, e.g. llama.cpp's from
// llama-cpp-logits.mjs; then Tramontane's from `tramontane logits --tokens <reference prompt +
// greedy[0..n-2]>`) by the fixtures' rule (fixtures/README.md, "How to compare"): per position,
// d = max over the reference's top tokens of |ours − reference|, and whether top-1 agrees.
// Prints one JSON line: positions, top1_agreement, median_d, share_d_le_1, max_d.
// Usage: node docs/bench/compare-logits.mjs REFERENCE.json OURS.json
import fs from "node:fs";

const [refFile, oursFile] = process.argv.slice(2);
if (!oursFile) throw new Error("usage: compare-logits.mjs REFERENCE.json OURS.json");
const ref = JSON.parse(fs.readFileSync(refFile, "utf8"));
const ours = JSON.parse(fs.readFileSync(oursFile, "utf8"));
// The reference's positions after each prompt token, then after each greedy token but the last
// (teacher forcing feeds greedy[0..n-2], so the last generated position has no counterpart).
const refPositions = [...ref.positions, ...ref.generated_positions.slice(0, Math.max(0, ref.greedy.length - 1))];
const ourPositions = ours.positions;
if (ourPositions.length !== refPositions.length) {
    throw new Error(`${oursFile} has ${ourPositions.length} positions, the reference ${refPositions.length}; feed prompt_tokens + greedy[0..n-2]`);
}
const ds = [];
let agree = 0;
let missing = 0;
refPositions.forEach((r, i) => {
    // Our file lists only our own top logits; the reference's top tokens must all be among them.
    const mine = new Map(ourPositions[i].top.map(([id, l]) => [id, l]));
    let d = 0;
    for (const [id, l] of r.top) {
        if (!mine.has(id)) {
            d = Infinity; // a reference top token missing from our top list: counted as a miss (d > 1)
            missing++;
            break;
        }
        d = Math.max(d, Math.abs(mine.get(id) - l));
    }
    ds.push(d);
    if (r.top[0][0] === ourPositions[i].top[0][0]) agree++;
});
const sorted = [...ds].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
console.log(JSON.stringify({ positions: ds.length, top1_agreement: agree / ds.length, median_d: median,
    share_d_le_1: ds.filter((d) => d <= 1).length / ds.length,
    // the largest finite d, and how many positions had a reference top token outside our top list
    max_finite_d: Math.max(...ds.filter(Number.isFinite)), positions_missing_a_reference_token: missing }));
