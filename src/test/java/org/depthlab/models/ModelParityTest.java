package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Fixtures;
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
        SafeTensorsFile file = Fixtures.read(name);
        ModelConfig config = config(file);
        assertEquals(Rope.DEFAULT_THETA, Double.parseDouble(file.metadata().get("rope_theta")), name + " RoPE θ");
        assertEquals(RmsNorm.DEFAULT_EPS, Double.parseDouble(file.metadata().get("norm_eps")), name + " RMSNorm ε");
        RefinementModel model = config.build(0);
        loadWeights(file, model);

        int[] inputs = Fixtures.ints(Fixtures.tensor(file, "inputs"));
        int[] targets = Fixtures.ints(Fixtures.tensor(file, "targets"));
        int ignore = Fixtures.meta(file, "ignore_index");
        List<String> states = new ArrayList<>(model.initialCarry(1).states().keySet());
        Carry carry = Carry.of(states.get(0), Tensor.constant(Fixtures.tensor(file, "carry/" + states.get(0))),
                states.get(1), Tensor.constant(Fixtures.tensor(file, "carry/" + states.get(1))));

        Tape tape = new Tape();
        SegmentOutput out = model.segment(tape, carry, inputs);
        Tensor halting = tape.binaryCrossEntropyWithLogits(out.qHalt(), Fixtures.tensor(file, "t_halt"));
        boolean hasContinue = file.tensors().containsKey("q_continue");
        if (hasContinue) {
            halting = tape.add(halting, tape.binaryCrossEntropyWithLogits(out.qContinue(),
                    Fixtures.tensor(file, "t_continue")));
        } else {
            assertNull(out.qContinue(), name + ": a model without a continue head reports no q_continue");
        }
        Tensor loss = tape.add(tape.stablemaxCrossEntropy(out.logits(), targets, ignore), tape.scale(halting, 0.5));
        tape.backward(loss);

        Fixtures.assertClose(name + " logits", Fixtures.tensor(file, "logits"), out.logits().value(), TOLERANCE);
        Fixtures.assertClose(name + " q_halt", Fixtures.tensor(file, "q_halt"), out.qHalt().value(), TOLERANCE);
        if (hasContinue) {
            Fixtures.assertClose(name + " q_continue", Fixtures.tensor(file, "q_continue"), out.qContinue().value(), TOLERANCE);
        }
        for (String state : states) {
            Fixtures.assertClose(name + " new/" + state, Fixtures.tensor(file, "new/" + state), out.carry().get(state).value(), TOLERANCE);
        }
        Fixtures.assertClose(name + " loss", Fixtures.tensor(file, "loss"), loss.value(), TOLERANCE);
        for (Tensor p : model.parameters()) {
            DMatrixRMaj grad = p.grad() == null ? new DMatrixRMaj(p.rows(), p.cols()) : p.grad();
            Fixtures.assertClose(name + " grad/" + p.name(), Fixtures.tensor(file, "grad/" + p.name()), grad, TOLERANCE);
        }
    }

    /** The model the fixture's metadata describes (weights to be loaded). */
    private static ModelConfig config(SafeTensorsFile file) {
        int vocab = Fixtures.meta(file, "vocab");
        int seqLen = Fixtures.meta(file, "seq_len");
        int hidden = Fixtures.meta(file, "hidden");
        int heads = Fixtures.meta(file, "heads");
        double expansion = Double.parseDouble(file.metadata().get("expansion"));
        Positions positions = Positions.valueOf(file.metadata().get("positions").toUpperCase(Locale.ROOT));
        String kind = file.metadata().get("model");
        return switch (kind) {
            case "hrm" -> new HrmConfig(vocab, seqLen, hidden, heads, expansion, Fixtures.meta(file, "h_layers"),
                    Fixtures.meta(file, "l_layers"), Fixtures.meta(file, "h_cycles"), Fixtures.meta(file, "l_cycles"), positions);
            case "trm" -> new TrmConfig(vocab, seqLen, hidden, heads, expansion, Fixtures.meta(file, "layers"),
                    Fixtures.meta(file, "recursions"), Fixtures.meta(file, "latent_steps"),
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
            DMatrixRMaj w = Fixtures.tensor(file, p.name());
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





    /** ‖actual − expected‖∞ / ‖expected‖∞, the measure of {@code nn/PyTorchParityTest}. */
}
