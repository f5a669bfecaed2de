package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Fixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Parity with an independent PyTorch implementation (float64): the same block, the same
 * attention under causal and local masks, and the same losses, from the same weights and
 * inputs, give the same outputs and the same gradients to 1e-9 relative.
 *
 * <p>The fixtures are written by {@code benchmarks/reference/make_fixtures.py} (see
 * {@code benchmarks/reference/README.md}); the test itself needs no Python.
 */
class PyTorchParityTest {

    private static final double TOLERANCE = 1e-9;

    /** Copies the fixture's weights into the module's parameters, names and shapes checked. */
    private static void loadWeights(SafeTensorsFile file, Module module) {
        for (Tensor p : module.parameters()) {
            DMatrixRMaj w = Fixtures.tensor(file, p.name());
            assertEquals(p.rows() + "x" + p.cols(), w.numRows + "x" + w.numCols, "shape of " + p.name());
            p.value().setTo(w);
        }
    }

    /** Runs module(x) with dL/d(out) = grad_out and compares out, dL/dx and every weight gradient. */
    private static void checkForwardAndBackward(SafeTensorsFile file, Module module,
                                                java.util.function.BiFunction<Tape, Tensor, Tensor> forward) {
        loadWeights(file, module);
        Tensor x = Tensor.parameter("x", Fixtures.tensor(file, "x"));
        Tape tape = new Tape();
        Tensor out = forward.apply(tape, x);
        Fixtures.assertClose("out", Fixtures.tensor(file, "out"), out.value(), TOLERANCE);
        tape.backward(out, Fixtures.tensor(file, "grad_out"));
        Fixtures.assertClose("grad/x", Fixtures.tensor(file, "grad/x"), x.grad(), TOLERANCE);
        List<String> checked = new ArrayList<>();
        for (Tensor p : module.parameters()) {
            Fixtures.assertClose("grad/" + p.name(), Fixtures.tensor(file, "grad/" + p.name()), p.grad(), TOLERANCE);
            checked.add(p.name());
        }
        assertEquals(module.parameters().size(), checked.size());
    }

    @Test
    void blockMatchesPyTorch() {
        SafeTensorsFile file = Fixtures.read("block.safetensors");
        int seqLen = Fixtures.meta(file, "seq_len");
        BlockConfig config = new BlockConfig(Fixtures.meta(file, "hidden"), Fixtures.meta(file, "heads"),
                Double.parseDouble(file.metadata().get("expansion")), AttentionMask.full(),
                Double.parseDouble(file.metadata().get("rope_theta")), seqLen,
                Double.parseDouble(file.metadata().get("norm_eps")));
        assertEquals("full", file.metadata().get("mask"));
        Block block = new Block("block", config, new SplittableRandom(0));
        checkForwardAndBackward(file, block, (tape, x) -> block.forward(tape, x, seqLen));
    }

    @Test
    void causalAttentionMatchesPyTorch() {
        checkAttention("attention_causal.safetensors", AttentionMask.causal());
    }

    @Test
    void localAttentionMatchesPyTorch() {
        checkAttention("attention_local.safetensors", AttentionMask.local(1));
    }

    private static void checkAttention(String name, AttentionMask mask) {
        SafeTensorsFile file = Fixtures.read(name);
        assertEquals(mask.window(), Fixtures.meta(file, "window"), "fixture's window");
        int hidden = Fixtures.meta(file, "hidden");
        int heads = Fixtures.meta(file, "heads");
        int seqLen = Fixtures.meta(file, "seq_len");
        Rope rope = new Rope(hidden / heads, seqLen, Double.parseDouble(file.metadata().get("rope_theta")));
        MultiHeadAttention attention = new MultiHeadAttention("attn", hidden, heads, mask, rope,
                new SplittableRandom(0));
        checkForwardAndBackward(file, attention, (tape, x) -> attention.forward(tape, x, seqLen));
    }

    @Test
    void lossesMatchPyTorch() {
        SafeTensorsFile file = Fixtures.read("losses.safetensors");
        DMatrixRMaj rawTargets = Fixtures.tensor(file, "targets");
        int[] targets = new int[rawTargets.data.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (int) rawTargets.data[i];
        }
        int ignore = Fixtures.meta(file, "ignore_index");

        Tensor logits = Tensor.parameter("logits", Fixtures.tensor(file, "logits"));
        Tape stablemax = new Tape();
        Tensor loss = stablemax.stablemaxCrossEntropy(logits, targets, ignore);
        Fixtures.assertClose("stablemax loss", Fixtures.tensor(file, "loss_stablemax"), loss.value(), TOLERANCE);
        stablemax.backward(loss);
        Fixtures.assertClose("stablemax gradient", Fixtures.tensor(file, "grad_stablemax"), logits.grad(), TOLERANCE);

        logits.zeroGrad();
        Tape softmax = new Tape();
        loss = softmax.softmaxCrossEntropy(logits, targets, ignore);
        Fixtures.assertClose("softmax loss", Fixtures.tensor(file, "loss_softmax"), loss.value(), TOLERANCE);
        softmax.backward(loss);
        Fixtures.assertClose("softmax gradient", Fixtures.tensor(file, "grad_softmax"), logits.grad(), TOLERANCE);

        Tensor bceLogits = Tensor.parameter("bce", Fixtures.tensor(file, "bce_logits"));
        Tape bce = new Tape();
        loss = bce.binaryCrossEntropyWithLogits(bceLogits, Fixtures.tensor(file, "bce_targets"));
        Fixtures.assertClose("bce loss", Fixtures.tensor(file, "loss_bce"), loss.value(), TOLERANCE);
        bce.backward(loss);
        Fixtures.assertClose("bce gradient", Fixtures.tensor(file, "grad_bce"), bceLogits.grad(), TOLERANCE);
    }
}
