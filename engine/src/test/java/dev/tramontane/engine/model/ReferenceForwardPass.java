package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The llama/Mixtral forward pass written straight from the math, in float64, with every weight
 * dequantized up front into plain arrays: the oracle the engine's {@link Transformer} must agree
 * with. It shares nothing with the engine but dequantization: it reads metadata and finds tensors by
 * name itself (all three expert layouts), and keeps its own unbounded KV history.
 */
final class ReferenceForwardPass {

    private final int dim, layers, heads, kvHeads, headDim, ropeDims, experts, expertsUsed;
    private final double ropeBase, ropeScale, eps;
    private final double[] ropeFactors;
    private final double[][] embedding, output;
    private final double[] outputNorm;
    private final List<Layer> blocks = new ArrayList<>();
    private final List<List<double[]>> keys = new ArrayList<>();
    private final List<List<double[]>> values = new ArrayList<>();

    private record Expert(double[][] gate, double[][] up, double[][] down) {}

    private record Layer(double[] attnNorm, double[][] wq, double[][] wk, double[][] wv, double[][] wo,
                         double[] ffnNorm, double[][] router, List<Expert> experts) {}

    ReferenceForwardPass(GgufFile file) {
        GgufMetadata m = file.metadata();
        dim = m.getInt("llama.embedding_length");
        layers = m.getInt("llama.block_count");
        heads = m.getInt("llama.attention.head_count");
        kvHeads = m.getInt("llama.attention.head_count_kv");
        headDim = dim / heads;
        ropeDims = m.getInt("llama.rope.dimension_count", headDim);
        ropeBase = m.getFloat("llama.rope.freq_base", 10000f);
        ropeScale = "linear".equals(m.getString("llama.rope.scaling.type", "none"))
                ? 1.0 / m.getFloat("llama.rope.scaling.factor") : 1.0;
        ropeFactors = file.tensor("rope_freqs.weight").isPresent() ? rows(file, "rope_freqs.weight", 0, -1)[0] : null;
        eps = m.getFloat("llama.attention.layer_norm_rms_epsilon");
        experts = m.getInt("llama.expert_count", 0);
        expertsUsed = m.getInt("llama.expert_used_count", 0);
        int ff = m.getInt("llama.feed_forward_length");

        embedding = rows(file, "token_embd.weight", 0, -1);
        output = file.tensor("output.weight").isPresent() ? rows(file, "output.weight", 0, -1) : embedding;
        outputNorm = rows(file, "output_norm.weight", 0, -1)[0];
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            List<Expert> ffns = new ArrayList<>();
            if (experts == 0) {
                ffns.add(new Expert(rows(file, p + "ffn_gate.weight", 0, -1), rows(file, p + "ffn_up.weight", 0, -1),
                        rows(file, p + "ffn_down.weight", 0, -1)));
            } else {
                for (int e = 0; e < experts; e++) {
                    if (file.tensor(p + "ffn_gate_up_exps.weight").isPresent()) {
                        // per expert: 2·ff rows, gate first
                        double[][] both = rows(file, p + "ffn_gate_up_exps.weight", e * 2 * ff, 2 * ff);
                        double[][] gate = java.util.Arrays.copyOfRange(both, 0, ff);
                        double[][] up = java.util.Arrays.copyOfRange(both, ff, 2 * ff);
                        ffns.add(new Expert(gate, up, rows(file, p + "ffn_down_exps.weight", e * dim, dim)));
                    } else if (file.tensor(p + "ffn_gate_exps.weight").isPresent()) {
                        ffns.add(new Expert(rows(file, p + "ffn_gate_exps.weight", e * ff, ff),
                                rows(file, p + "ffn_up_exps.weight", e * ff, ff),
                                rows(file, p + "ffn_down_exps.weight", e * dim, dim)));
                    } else {
                        ffns.add(new Expert(rows(file, p + "ffn_gate." + e + ".weight", 0, -1),
                                rows(file, p + "ffn_up." + e + ".weight", 0, -1),
                                rows(file, p + "ffn_down." + e + ".weight", 0, -1)));
                    }
                }
            }
            blocks.add(new Layer(rows(file, p + "attn_norm.weight", 0, -1)[0],
                    rows(file, p + "attn_q.weight", 0, -1), rows(file, p + "attn_k.weight", 0, -1),
                    rows(file, p + "attn_v.weight", 0, -1), rows(file, p + "attn_output.weight", 0, -1),
                    rows(file, p + "ffn_norm.weight", 0, -1)[0],
                    experts == 0 ? null : rows(file, p + "ffn_gate_inp.weight", 0, -1), ffns));
            keys.add(new ArrayList<>());
            values.add(new ArrayList<>());
        }
    }

    /**
     * Rows {@code [first, first + count)} of a tensor seen as a matrix of ne0 columns (count −1:
     * all), dequantized to double.
     */
    private static double[][] rows(GgufFile file, String name, int first, int count) {
        GgufTensorInfo info = file.tensor(name).orElseThrow(() -> new AssertionError("no tensor " + name));
        int cols = (int) info.ne(0);
        int allRows = (int) (info.elementCount() / cols);
        WeightMatrix m = WeightMatrices.scalar(info.type(), file.tensorData(info), allRows, cols);
        int n = count < 0 ? allRows : count;
        double[][] out = new double[n][cols];
        float[] row = new float[cols];
        for (int r = 0; r < n; r++) {
            m.dequantizeRow(first + r, row, 0);
            for (int c = 0; c < cols; c++) {
                out[r][c] = row[c];
            }
        }
        return out;
    }

    /** Logits after feeding {@code token}; tokens must be fed in order from position 0. */
    double[] forward(int token) {
        int position = keys.getFirst().size();
        double[] x = embedding[token].clone();
        for (int l = 0; l < layers; l++) {
            Layer b = blocks.get(l);
            double[] h = rmsnorm(x, b.attnNorm());
            double[] q = mul(b.wq(), h);
            double[] k = mul(b.wk(), h);
            double[] v = mul(b.wv(), h);
            rope(q, position);
            rope(k, position);
            keys.get(l).add(k);
            values.get(l).add(v);
            double[] att = new double[heads * headDim];
            for (int hd = 0; hd < heads; hd++) {
                int kvh = hd / (heads / kvHeads);
                double[] scores = new double[position + 1];
                for (int t = 0; t <= position; t++) {
                    double s = 0;
                    for (int i = 0; i < headDim; i++) {
                        s += q[hd * headDim + i] * keys.get(l).get(t)[kvh * headDim + i];
                    }
                    scores[t] = s / Math.sqrt(headDim);
                }
                softmax(scores);
                for (int t = 0; t <= position; t++) {
                    for (int i = 0; i < headDim; i++) {
                        att[hd * headDim + i] += scores[t] * values.get(l).get(t)[kvh * headDim + i];
                    }
                }
            }
            add(x, mul(b.wo(), att));

            double[] f = rmsnorm(x, b.ffnNorm());
            if (b.router() == null) {
                add(x, swiglu(b.experts().getFirst(), f));
            } else {
                double[] probs = mul(b.router(), f);
                softmax(probs);
                boolean[] used = new boolean[experts];
                int[] chosen = new int[expertsUsed];
                double total = 0;
                for (int j = 0; j < expertsUsed; j++) {
                    int best = -1;
                    for (int e = 0; e < experts; e++) {
                        if (!used[e] && (best < 0 || probs[e] > probs[best])) {
                            best = e;
                        }
                    }
                    used[best] = true;
                    chosen[j] = best;
                    total += probs[best];
                }
                double[] moe = new double[dim];
                for (int e : chosen) {
                    double[] y = swiglu(b.experts().get(e), f);
                    for (int i = 0; i < dim; i++) {
                        moe[i] += probs[e] / total * y[i];
                    }
                }
                add(x, moe);
            }
        }
        return mul(output, rmsnorm(x, outputNorm));
    }

    private double[] swiglu(Expert e, double[] x) {
        double[] g = mul(e.gate(), x);
        double[] u = mul(e.up(), x);
        for (int i = 0; i < g.length; i++) {
            g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
        }
        return mul(e.down(), g);
    }

    private void rope(double[] v, int position) {
        for (int h = 0; h < v.length / headDim; h++) {
            for (int i = 0; i < ropeDims; i += 2) {
                double theta = ropeScale * position / Math.pow(ropeBase, (double) i / ropeDims)
                        / (ropeFactors == null ? 1 : ropeFactors[i / 2]);
                int j = h * headDim + i;
                double a = v[j], b = v[j + 1];
                v[j] = a * Math.cos(theta) - b * Math.sin(theta);
                v[j + 1] = a * Math.sin(theta) + b * Math.cos(theta);
            }
        }
    }

    private double[] rmsnorm(double[] x, double[] w) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * w[i];
        }
        return out;
    }

    private static double[] mul(double[][] m, double[] x) {
        double[] out = new double[m.length];
        for (int r = 0; r < m.length; r++) {
            double s = 0;
            for (int c = 0; c < x.length; c++) {
                s += m[r][c] * x[c];
            }
            out[r] = s;
        }
        return out;
    }

    private static void softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
    }

    private static void add(double[] x, double[] d) {
        for (int i = 0; i < x.length; i++) {
            x[i] += d[i];
        }
    }
}
