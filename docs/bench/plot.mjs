// Draws docs/benchmarks.svg from the JSON lines of run-side-by-side.sh: per file, grouped bars of
// prompt (pp) and generation (tg) tokens/s medians, Tramontane beside llama.cpp, min-max whiskers.
// With several runs (rounds) of a file and engine, a bar is the median of the runs' medians and its
// whisker spans the lowest and highest of them.
// Usage: node docs/bench/plot.mjs results.jsonl > docs/benchmarks.svg
import fs from "node:fs";

const rows = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map((l) => JSON.parse(l));
const files = [...new Set(rows.map((r) => r.file))];
const sides = ["tramontane", "llama.cpp"];
const colors = { tramontane: "#2b6cb0", "llama.cpp": "#c05621" };
const tests = ["pp", "tg"];
/** Bar height and whisker ends of one file, engine and test: one run's median and min-max, or the median and range of several runs' medians. */
const summary = (file, side, test) => {
    const runs = rows.filter((q) => q.file === file && q.side === side && q.result[test]).map((q) => q.result[test]);
    if (runs.length === 0) return null;
    if (runs.length === 1) return { mid: runs[0].tokens_per_s, lo: runs[0].min, hi: runs[0].max, n: 1 };
    const m = runs.map((r) => r.tokens_per_s).sort((a, b) => a - b);
    const h = m.length >> 1;
    return { mid: m.length % 2 ? m[h] : (m[h - 1] + m[h]) / 2, lo: m[0], hi: m[m.length - 1], n: m.length };
};
const summaries = files.flatMap((f) => sides.flatMap((side) => tests.map((t) => summary(f, side, t)))).filter((x) => x);
const manyRuns = Math.max(...summaries.map((x) => x.n)) > 1;
const W = 860, H = 420, left = 60, top = 40, bottom = 80, panelGap = 40;
const panelW = (W - left - 20 - panelGap) / 2;
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");
let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">\n`;
svg += `<rect width="${W}" height="${H}" fill="white"/>\n`;
tests.forEach((test, p) => {
    const x0 = left + p * (panelW + panelGap);
    const values = files.flatMap((f) => sides.map((side) => summary(f, side, test))).filter((x) => x).map((x) => x.hi);
    const ymax = Math.max(...values, 1e-9) * 1.15;
    const plotH = H - top - bottom;
    const y = (v) => top + plotH - (v / ymax) * plotH;
    const tokens = rows.find((r) => r.result[test])?.result[test].tokens;
    svg += `<text x="${x0 + panelW / 2}" y="${top - 15}" text-anchor="middle" font-weight="bold">${test === "pp" ? "prompt" : "generation"} (${test}${tokens}), tokens/s</text>\n`;
    svg += `<line x1="${x0}" y1="${top}" x2="${x0}" y2="${top + plotH}" stroke="#333"/><line x1="${x0}" y1="${top + plotH}" x2="${x0 + panelW}" y2="${top + plotH}" stroke="#333"/>\n`;
    for (let k = 0; k <= 4; k++) {
        const v = (ymax / 4) * k;
        svg += `<text x="${x0 - 5}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(v < 10 ? 1 : 0)}</text><line x1="${x0}" y1="${y(v)}" x2="${x0 + panelW}" y2="${y(v)}" stroke="#eee"/>\n`;
    }
    const groupW = panelW / files.length;
    files.forEach((file, g) => {
        const gx = x0 + g * groupW;
        sides.forEach((side, s) => {
            const m = summary(file, side, test);
            if (!m) return;
            const bw = groupW / 3;
            const bx = gx + bw / 2 + s * bw;
            svg += `<rect x="${bx}" y="${y(m.mid)}" width="${bw - 4}" height="${top + plotH - y(m.mid)}" fill="${colors[side]}"/>\n`;
            svg += `<line x1="${bx + bw / 2 - 2}" y1="${y(m.lo)}" x2="${bx + bw / 2 - 2}" y2="${y(m.hi)}" stroke="#000"/>\n`;
            svg += `<text x="${bx + bw / 2 - 2}" y="${y(m.hi) - 4}" text-anchor="middle" font-size="10">${m.mid.toFixed(2)}</text>\n`;
        });
        svg += `<text x="${gx + groupW / 2}" y="${top + plotH + 16}" text-anchor="middle">${esc(file.replace(/^mixtral-2l-|\.gguf$/g, ""))}</text>\n`;
    });
});
sides.forEach((side, s) => {
    svg += `<rect x="${left + s * 160}" y="${H - 30}" width="12" height="12" fill="${colors[side]}"/><text x="${left + s * 160 + 18}" y="${H - 20}">${side}</text>\n`;
});
const caption = manyRuns
    ? `median of ${Math.max(...summaries.map((x) => x.n))} runs, whiskers lowest–highest run; same file, threads`
    : "median of repetitions, whiskers min–max; same file, same threads";
svg += `<text x="${left + 340}" y="${H - 20}" font-size="10">${caption}</text>\n`;
svg += "</svg>\n";
process.stdout.write(svg);
