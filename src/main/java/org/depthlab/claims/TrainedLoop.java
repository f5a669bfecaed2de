package org.depthlab.claims;

import java.util.List;
import java.util.Locale;
import org.depthlab.models.Carry;
import org.depthlab.models.VectorRefiner;
import org.depthlab.tasks.QpEncoding;
import org.depthlab.tasks.QuadraticProgram;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * A trained looped model's loop on one quadratic program, z ← Stack(z + x), as a
 * {@link ContractiveMap} — so that the contraction claims ({@link Contraction#fixedPoint},
 * {@link Contraction#errorShrinks}) can be asked of it, with the Lipschitz constant it is
 * declared to have set to what {@link #jacobianNorm} measured along its own trajectories. If
 * the measured constant is below 1 and the claims hold, the trained loop is a contraction: it
 * has one fixed point and iterating it converges there, whatever the start — the behaviour of
 * an iterative solver. If not, more loops need not settle anywhere.
 *
 * <p>The state is the P × h matrix of the program's positions, flattened row by row into a
 * (P·h) × 1 vector. Steps are computed on values (the flattening is not an op of the tape), so
 * this map serves the two claims that read values only, not the one-step-gradient claim. Its
 * input x enters before the stack, not after it, which is the other reason that claim is not
 * asked.
 */
public final class TrainedLoop implements ContractiveMap {

    private final VectorRefiner model;
    private final DMatrixRMaj x;
    private final double declared;
    private final String label;
    private final int variables;

    /**
     * The loop of {@code model} (a looped model) on {@code program}, declared {@code declared}-Lipschitz.
     *
     * @param label how the map names itself in evidence, e.g. "looped K = 4, seed 1"
     */
    public TrainedLoop(VectorRefiner model, QuadraticProgram program, double declared, String label) {
        if (model.kind() != VectorRefiner.Kind.LOOPED) {
            throw new IllegalArgumentException("a trained loop is a looped model's, not a " + model.kind() + "'s");
        }
        this.model = model;
        Tape tape = new Tape();
        this.x = tape.noGrad(() -> model.embed(tape, QpEncoding.features(List.of(program), model.positions()))).value();
        this.declared = declared;
        this.label = label;
        this.variables = program.n();
    }

    @Override
    public int dimension() {
        return x.getNumElements();
    }

    @Override
    public double lipschitz() {
        return declared;
    }

    @Override
    public Tensor input() {
        return Tensor.constant(new DMatrixRMaj(x.getNumElements(), 1, true, x.data));
    }

    @Override
    public Tensor step(Tape tape, Tensor z, Tensor input) {
        DMatrixRMaj state = new DMatrixRMaj(x.numRows, x.numCols, true, z.value().data);
        DMatrixRMaj in = new DMatrixRMaj(x.numRows, x.numCols, true, input.value().data);
        Carry next = tape.noGrad(() -> model.iterate(tape, Carry.of("z", Tensor.constant(state)), Tensor.constant(in)));
        DMatrixRMaj out = model.state(next).value();
        return Tensor.constant(new DMatrixRMaj(out.getNumElements(), 1, true, out.data));
    }

    /**
     * ‖∂F/∂z‖₂ of the loop F(z) = Stack(z + x) at the state {@code z} (P × h) of {@code program}:
     * the Jacobian built row by row from backward passes (one per output entry), then its
     * largest singular value.
     */
    public static double jacobianNorm(VectorRefiner model, QuadraticProgram program, DMatrixRMaj z) {
        Tape embedding = new Tape();
        DMatrixRMaj x = embedding.noGrad(() -> model.embed(embedding,
                QpEncoding.features(List.of(program), model.positions()))).value();
        int n = z.getNumElements();
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            Tensor state = Tensor.parameter("z", z.copy());
            Tape tape = new Tape();
            Tensor out = model.state(model.iterate(tape, Carry.of("z", state), Tensor.constant(x)));
            DMatrixRMaj unit = new DMatrixRMaj(z.numRows, z.numCols);
            unit.data[i] = 1;
            tape.backward(out, unit);
            System.arraycopy(state.grad().data, 0, j.data, i * n, n);
        }
        return NormOps_DDRM.normP2(j);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, its loop on a %d-variable program (%d numbers of state)", label,
                variables, dimension());
    }
}
