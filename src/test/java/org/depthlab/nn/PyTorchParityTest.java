package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
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

    private static SafeTensorsFile fixture(String name) {
        try {
            var url = PyTorchParityTest.class.getResource("/parity/" + name);
            assertNotNull(url, "missing fixture " + name + "; regenerate with benchmarks/reference/make_fixtures.py");
            return SafeTensors.read(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DMatrixRMaj tensor(SafeTensorsFile file, String name) {
        SafeTensorsFile.Entry entry = file.tensors().get(name);
        assertNotNull(entry, "fixture has no tensor " + name);
        return entry.matrix();
    }

    private static int meta(SafeTensorsFile file, String key) {
        return Integer.parseInt(file.metadata().get(key));
    }

    /** ‖actual − expected‖∞ / ‖expected‖∞: relative to the tensor's own scale. */
    private static void assertClose(String what, DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows, what + " rows");
        assertEquals(expected.numCols, actual.numCols, what + " columns");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.data.length; i++) {
            diff = Math.max(diff, Math.abs(expected.data[i] - actual.data[i]));
            scale = Math.max(scale, Math.abs(expected.data[i]));
        }
        double relative = diff / Math.max(scale, Double.MIN_NORMAL);
        assertTrue(relative <= TOLERANCE, what + ": relative difference " + relative + " from PyTorch");
    }

    /** Copies the fixture's weights into the module's parameters, names and shapes checked. */
    private static void loadWeights(SafeTensorsFile file, Module module) {
        for (Tensor p : module.parameters()) {
            DMatrixRMaj w = tensor(file, p.name());
            assertEquals(p.rows() + "x" + p.cols(), w.numRows + "x" + w.numCols, "shape of " + p.name());
            p.value().setTo(w);
        }
    }

    /** Runs module(x) with dL/d(out) = grad_out and compares out, dL/dx and every weight gradient. */
    private static void checkForwardAndBackward(SafeTensorsFile file, Module module,
                                                java.util.function.BiFunction<Tape, Tensor, Tensor> forward) {
        loadWeights(file, module);
        Tensor x = Tensor.parameter("x", tensor(file, "x"));
        Tape tape = new Tape();
        Tensor out = forward.apply(tape, x);
        assertClose("out", tensor(file, "out"), out.value());
        tape.backward(out, tensor(file, "grad_out"));
        assertClose("grad/x", tensor(file, "grad/x"), x.grad());
        List<String> checked = new ArrayList<>();
        for (Tensor p : module.parameters()) {
            assertClose("grad/" + p.name(), tensor(file, "grad/" + p.name()), p.grad());
            checked.add(p.name());
        }
        assertEquals(module.parameters().size(), checked.size());
    }

    @Test
    void blockMatchesPyTorch() {
        SafeTensorsFile file = fixture("block.safetensors");
        int seqLen = meta(file, "seq_len");
        BlockConfig config = new BlockConfig(meta(file, "hidden"), meta(file, "heads"),
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
        SafeTensorsFile file = fixture(name);
        assertEquals(mask.window(), meta(file, "window"), "fixture's window");
        int hidden = meta(file, "hidden");
        int heads = meta(file, "heads");
        int seqLen = meta(file, "seq_len");
        Rope rope = new Rope(hidden / heads, seqLen, Double.parseDouble(file.metadata().get("rope_theta")));
        MultiHeadAttention attention = new MultiHeadAttention("attn", hidden, heads, mask, rope,
                new SplittableRandom(0));
        checkForwardAndBackward(file, attention, (tape, x) -> attention.forward(tape, x, seqLen));
    }

    @Test
    void lossesMatchPyTorch() {
        SafeTensorsFile file = fixture("losses.safetensors");
        DMatrixRMaj rawTargets = tensor(file, "targets");
        int[] targets = new int[rawTargets.data.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (int) rawTargets.data[i];
        }
        int ignore = meta(file, "ignore_index");

        Tensor logits = Tensor.parameter("logits", tensor(file, "logits"));
        Tape stablemax = new Tape();
        Tensor loss = stablemax.stablemaxCrossEntropy(logits, targets, ignore);
        assertClose("stablemax loss", tensor(file, "loss_stablemax"), loss.value());
        stablemax.backward(loss);
        assertClose("stablemax gradient", tensor(file, "grad_stablemax"), logits.grad());

        logits.zeroGrad();
        Tape softmax = new Tape();
        loss = softmax.softmaxCrossEntropy(logits, targets, ignore);
        assertClose("softmax loss", tensor(file, "loss_softmax"), loss.value());
        softmax.backward(loss);
        assertClose("softmax gradient", tensor(file, "grad_softmax"), logits.grad());

        Tensor bceLogits = Tensor.parameter("bce", tensor(file, "bce_logits"));
        Tape bce = new Tape();
        loss = bce.binaryCrossEntropyWithLogits(bceLogits, tensor(file, "bce_targets"));
        assertClose("bce loss", tensor(file, "loss_bce"), loss.value());
        bce.backward(loss);
        assertClose("bce gradient", tensor(file, "grad_bce"), bceLogits.grad());
    }
}
