package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tramontane.engine.gguf.GgufWriter;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-wide, one-layer Mixtral built by hand so that every number is known. Attention is switched
 * off (wo = 0); the router's logits for token 0 are h·{0.1, 0.9, −0.5, 0.6} (h ≈ 2, the normed
 * embedding); expert e writes h·silu(h) into dimension e of the residual stream; the classifier is the identity. The logits
 * then show which experts ran and with what weight.
 */
class HandMadeRoutingModelTest {

    private static final int DIM = 4;
    private static final float[] ROUTER = {0.1f, 0.9f, -0.5f, 0.6f};

    @TempDir
    Path dir;

    @Test
    void routesTheTokenToItsTopTwoExpertsAndRenormalisesTheirWeights() throws IOException {
        Path file = dir.resolve("hand-made.gguf");
        writeModel(file);
        try (Model model = Model.load(file)) {
            float[] logits = model.forward(0, 0, model.newKvCache(1));

            // x = [1, w1·s, 0, w3·s] with the top-2 experts 1 and 3, weights renormalised over them.
            double h = rmsScale(1); // the normed embedding [h, 0, 0, 0], h ≈ 2
            double s = silu(h) * h;  // each expert's hidden unit: silu(gate) · up
            double w1 = Math.exp(ROUTER[1] * h) / (Math.exp(ROUTER[1] * h) + Math.exp(ROUTER[3] * h));
            double w3 = 1 - w1;
            double[] x = {1, w1 * s, 0, w3 * s};
            double scale = 1 / Math.sqrt((x[0] * x[0] + x[1] * x[1] + x[3] * x[3]) / DIM + 1e-5);
            assertThat(logits[0]).isCloseTo((float) (x[0] * scale), within(1e-5f));
            assertThat(logits[1]).isCloseTo((float) (x[1] * scale), within(1e-5f));
            assertThat(logits[2]).as("expert 2 is the least probable and must not run").isZero();
            assertThat(logits[3]).isCloseTo((float) (x[3] * scale), within(1e-5f));
            // Without renormalisation expert 1 would weigh e^1.8 / Σ_all e^logit ≈ 0.52, not ≈ 0.65.
            assertThat(logits[1] / logits[0]).isCloseTo((float) (w1 * s), within(1e-5f));
        }
    }

    /** The RMSNorm factor of the embedding [1, 0, 0, 0]: 1 / sqrt(1/4 + ε) ≈ 2. */
    private static double rmsScale(double v) {
        return v / Math.sqrt(v * v / DIM + 1e-5);
    }

    private static double silu(double v) {
        return v / (1 + Math.exp(-v));
    }

    private static void writeModel(Path file) throws IOException {
        try (GgufWriter w = new GgufWriter(file)) {
            w.putString("general.architecture", "llama");
            w.putUint32("llama.embedding_length", DIM);
            w.putUint32("llama.block_count", 1);
            w.putUint32("llama.feed_forward_length", DIM);
            w.putUint32("llama.attention.head_count", 1);
            w.putUint32("llama.attention.head_count_kv", 1);
            w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
            w.putUint32("llama.expert_count", 4);
            w.putUint32("llama.expert_used_count", 2);
            w.putUint32("llama.context_length", 16);
            String[][] tensors = {
                    {"token_embd.weight"}, {"blk.0.attn_norm.weight"}, {"blk.0.attn_q.weight"}, {"blk.0.attn_k.weight"},
                    {"blk.0.attn_v.weight"}, {"blk.0.attn_output.weight"}, {"blk.0.ffn_norm.weight"},
                    {"blk.0.ffn_gate_inp.weight"}, {"blk.0.ffn_gate_exps.weight"}, {"blk.0.ffn_up_exps.weight"},
                    {"blk.0.ffn_down_exps.weight"}, {"output_norm.weight"}, {"output.weight"}};
            for (String[] t : tensors) {
                String name = t[0];
                if (name.endsWith("norm.weight")) {
                    w.addTensor(name, GgmlType.F32, DIM);
                } else if (name.endsWith("_exps.weight")) {
                    w.addTensor(name, GgmlType.F32, DIM, DIM, 4);
                } else {
                    w.addTensor(name, GgmlType.F32, DIM, DIM);
                }
            }
            float[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
            float[] ones = {1, 1, 1, 1};
            float[] zeros = new float[DIM * DIM];
            w.writeTensorData("token_embd.weight", identity); // token t embeds as unit vector t
            w.writeTensorData("blk.0.attn_norm.weight", ones);
            w.writeTensorData("blk.0.attn_q.weight", identity);
            w.writeTensorData("blk.0.attn_k.weight", identity);
            w.writeTensorData("blk.0.attn_v.weight", identity);
            w.writeTensorData("blk.0.attn_output.weight", zeros);
            w.writeTensorData("blk.0.ffn_norm.weight", ones);
            float[] router = new float[4 * DIM];
            for (int e = 0; e < 4; e++) {
                router[e * DIM] = ROUTER[e]; // expert e's logit reads dimension 0
            }
            w.writeTensorData("blk.0.ffn_gate_inp.weight", router);
            float[] firstUnitReadsDimZero = new float[4 * DIM * DIM];
            for (int e = 0; e < 4; e++) {
                firstUnitReadsDimZero[e * DIM * DIM] = 1; // expert e, hidden unit 0 = x[0]
            }
            w.writeTensorData("blk.0.ffn_gate_exps.weight", firstUnitReadsDimZero);
            w.writeTensorData("blk.0.ffn_up_exps.weight", firstUnitReadsDimZero);
            float[] down = new float[4 * DIM * DIM];
            for (int e = 0; e < 4; e++) {
                down[e * DIM * DIM + e * DIM] = 1; // expert e: output row e reads hidden unit 0
            }
            w.writeTensorData("blk.0.ffn_down_exps.weight", down);
            w.writeTensorData("output_norm.weight", ones);
            w.writeTensorData("output.weight", identity);
        }
    }
}
