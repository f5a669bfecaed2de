package org.depthlab.claims;

import java.util.Arrays;
import java.util.Locale;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.WeightMask;
import org.ejml.data.DMatrixRMaj;

/**
 * Ablating a block that is disconnected from another by construction leaves the other block's
 * output unchanged bit for bit: the ablation of the modularity experiment removes what it says
 * it removes and nothing else. The check zeroes every weight of block A with the experiment's
 * own mask code ({@link WeightMask}, the complement of a full mask over {@code a.*}), runs the
 * net on random inputs, and compares B's outputs with the unablated ones as doubles; it also
 * requires A's outputs to change (else nothing was ablated). When A's hidden layer feeds B —
 * the contrast, as in a network whose layers share a residual stream — B's outputs change too,
 * which is why an ablation inside a trained network can hurt a subroutine its mask was not
 * trained for.
 */
public final class AblationIsolation implements Claim<TwoBlockNet> {

    @Override
    public About about() {
        return new About("ablation isolation",
                "Ablating a block disconnected from another by construction leaves the other's output bit for bit"
                        + " unchanged.",
                "networks of disconnected blocks", Rigor.exact());
    }

    @Override
    public Verdict check(Family<TwoBlockNet> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            int rows = in.length(1);
            TwoBlockNet net = family.draw(in.seed(), 0, rows);
            int width = net.parameters().get(0).cols();
            DMatrixRMaj x = new DMatrixRMaj(rows, width);
            for (int i = 0; i < x.data.length; i++) {
                x.data[i] = in.rng().nextDouble(-2, 2);
            }
            in.tried("rows", rows);
            in.inputs(rows);
            Tensor[] before = run(net, x);
            WeightMask ablateA = WeightMask.full(net, n -> n.startsWith("a.")).complement();
            Tensor[] after;
            try (WeightMask.Applied a = ablateA.applyTo(net)) {
                after = run(net, x);
            }
            if (Arrays.equals(before[0].value().data, after[0].value().data)) {
                return Trial.untested("ablating A did not change A's output");
            }
            String what = String.format(Locale.ROOT, "%d rows, %,d weights of A zeroed", rows, ablateA.size());
            if (!Arrays.equals(before[1].value().data, after[1].value().data)) {
                return Trial.failed(rows, what + String.format(Locale.ROOT, ": B's output moved by up to %.3g",
                        Draw.maxRelativeDifference(before[1].value(), after[1].value())));
            }
            return Trial.held(what + ": A's output changed, B's is the same to the bit");
        });
    }

    private static Tensor[] run(TwoBlockNet net, DMatrixRMaj x) {
        Tape tape = new Tape();
        return tape.noGrad(() -> net.forward(tape, Tensor.constant(x)));
    }
}
