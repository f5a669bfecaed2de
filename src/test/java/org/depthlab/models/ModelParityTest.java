package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Parity of whole recurrent reasoners with the independent PyTorch reference (float64): one
 * supervision segment of HRM (N = 2, T = 2, with RoPE and with learned positions) and of TRM
 * (T = 2, n = 2, attention and MLP-mixer), from the same weights and the same carry, gives the
 * same logits, Q values, new carry and loss, and the same gradient of every parameter, to 1e-9
 * relative.
 *
 * <p>The gradients are the models' own training gradients, so the fixtures pin down the
 * schemes as well as the arithmetic: HRM's one-step gradient (only the last L-step and H-step
 * differentiated) and TRM's last recursion back-propagated in full, each after hidden steps
 * that carry no gradient. The loss is HRM's: mean stablemax cross-entropy (PAD ignored)
 * + ½·(BCE(q_halt) + BCE(q_continue)), without the continue term for TRM.
 *
 * <p>The fixtures are written by {@code benchmarks/reference/make_fixtures.py}; the test needs
 * no Python.
 */
class ModelParityTest {

    private static final double TOLERANCE = 1e-9;

    /** Fixture entries that are not weights or buffers of the model. */
    private static final Set<String> DATA = Set.of("inputs", "targets", "t_halt", "t_continue", "logits",
            "q_halt", "q_continue", "loss");

    @Test
    void hrmSegmentMatchesPyTorch() {
        checkSegment("hrm.safetensors");
    }

    @Test
    void hrmSegmentWithLearnedPositionsMatchesPyTorch() {
        checkSegment("hrm_learned.safetensors");
    }

    @Test
    void trmSegmentMatchesPyTorch() {
        checkSegment("trm.safetensors");
    }

    @Test
    void trmMixerSegmentMatchesPyTorch() {
        checkSegment("trm_mixer.safetensors");
    }

    private static void checkSegment(String name) {
        SafeTensorsFile file = fixture(name);
        ModelConfig config = config(file);
        assertEquals(Rope.DEFAULT_THETA, Double.parseDouble(file.metadata().get("rope_theta")), name + " RoPE θ");
        assertEquals(RmsNorm.DEFAULT_EPS, Double.parseDouble(file.metadata().get("norm_eps")), name + " RMSNorm ε");
        RefinementModel model = config.build(0);
        loadWeights(file, model);

        int[] inputs = ints(tensor(file, "inputs"));
        int[] targets = ints(tensor(file, "targets"));
        int ignore = meta(file, "ignore_index");
        List<String> states = new ArrayList<>(model.initialCarry(1).states().keySet());
        Carry carry = Carry.of(states.get(0), Tensor.constant(tensor(file, "carry/" + states.get(0))),
                states.get(1), Tensor.constant(tensor(file, "carry/" + states.get(1))));

        Tape tape = new Tape();
        SegmentOutput out = model.segment(tape, carry, inputs);
        Tensor halting = tape.binaryCrossEntropyWithLogits(out.qHalt(), tensor(file, "t_halt"));
        boolean hasContinue = file.tensors().containsKey("q_continue");
        if (hasContinue) {
            halting = tape.add(halting, tape.binaryCrossEntropyWithLogits(out.qContinue(),
                    tensor(file, "t_continue")));
        } else {
            assertNull(out.qContinue(), name + ": a model without a continue head reports no q_continue");
        }
        Tensor loss = tape.add(tape.stablemaxCrossEntropy(out.logits(), targets, ignore), tape.scale(halting, 0.5));
        tape.backward(loss);

        assertClose(name + " logits", tensor(file, "logits"), out.logits().value());
        assertClose(name + " q_halt", tensor(file, "q_halt"), out.qHalt().value());
        if (hasContinue) {
            assertClose(name + " q_continue", tensor(file, "q_continue"), out.qContinue().value());
        }
        for (String state : states) {
            assertClose(name + " new/" + state, tensor(file, "new/" + state), out.carry().get(state).value());
        }
        assertClose(name + " loss", tensor(file, "loss"), loss.value());
        for (Tensor p : model.parameters()) {
            DMatrixRMaj grad = p.grad() == null ? new DMatrixRMaj(p.rows(), p.cols()) : p.grad();
            assertClose(name + " grad/" + p.name(), tensor(file, "grad/" + p.name()), grad);
        }
    }

    /** The model the fixture's metadata describes (weights to be loaded). */
    private static ModelConfig config(SafeTensorsFile file) {
        int vocab = meta(file, "vocab");
        int seqLen = meta(file, "seq_len");
        int hidden = meta(file, "hidden");
        int heads = meta(file, "heads");
        double expansion = Double.parseDouble(file.metadata().get("expansion"));
        Positions positions = Positions.valueOf(file.metadata().get("positions").toUpperCase(Locale.ROOT));
        String kind = file.metadata().get("model");
        return switch (kind) {
            case "hrm" -> new HrmConfig(vocab, seqLen, hidden, heads, expansion, meta(file, "h_layers"),
                    meta(file, "l_layers"), meta(file, "h_cycles"), meta(file, "l_cycles"), positions);
            case "trm" -> new TrmConfig(vocab, seqLen, hidden, heads, expansion, meta(file, "layers"),
                    meta(file, "recursions"), meta(file, "latent_steps"),
                    Boolean.parseBoolean(file.metadata().get("mixer")), positions);
            default -> throw new AssertionError("fixture for an unknown model '" + kind + "'");
        };
    }

    /**
     * Copies every parameter and buffer from the fixture by name, shapes checked, and checks that
     * the fixture holds no weight the model lacks (a misnamed parameter cannot hide).
     */
    private static void loadWeights(SafeTensorsFile file, RefinementModel model) {
        Set<String> javaNames = new TreeSet<>();
        List<Tensor> all = new ArrayList<>(model.parameters());
        all.addAll(model.buffers());
        for (Tensor p : all) {
            DMatrixRMaj w = tensor(file, p.name());
            assertEquals(p.rows() + "x" + p.cols(), w.numRows + "x" + w.numCols, "shape of " + p.name());
            p.value().setTo(w);
            javaNames.add(p.name());
        }
        Set<String> fixtureNames = new TreeSet<>();
        for (String key : file.tensors().keySet()) {
            if (!DATA.contains(key) && !key.contains("/")) {
                fixtureNames.add(key);
            }
        }
        assertEquals(fixtureNames, javaNames, "weights and buffers in the fixture vs the model");
    }

    private static SafeTensorsFile fixture(String name) {
        try {
            var url = ModelParityTest.class.getResource("/parity/" + name);
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
        String value = file.metadata().get(key);
        assertNotNull(value, "fixture metadata has no " + key);
        return Integer.parseInt(value);
    }

    /** Token ids stored as float64. */
    private static int[] ints(DMatrixRMaj m) {
        int[] ids = new int[m.data.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) m.data[i];
            assertEquals(ids[i], m.data[i], 0.0, "token ids must be whole numbers");
        }
        return ids;
    }

    /** ‖actual − expected‖∞ / ‖expected‖∞, the measure of {@code nn/PyTorchParityTest}. */
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
}
