package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Rope;
import org.depthlab.optim.AdamW;
import org.depthlab.optim.WarmupCosine;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Tour part: one block learns a toy sequence task — copy the token one place to the left —
 * with its loss printed as it falls, then answers sequences it has not seen.
 */
final class TourShift implements TourPart {

    /** Token embedding × √h, one block, a linear read-out: the smallest model that can attend. */
    private static final class ShiftModel {
        final int hidden;
        final Embedding embed;
        final Block block;
        final Linear head;

        ShiftModel(int vocab, int hidden, int seqLen, SplittableRandom rng) {
            this.hidden = hidden;
            this.embed = new Embedding("embed", vocab, hidden, 1.0 / Math.sqrt(hidden), rng);
            this.block = new Block("block", new BlockConfig(hidden, 2, 2.0, AttentionMask.full(),
                    Rope.DEFAULT_THETA, seqLen, 1e-5), rng);
            this.head = new Linear("head", hidden, vocab, false, rng);
        }

        Tensor logits(Tape tape, int[] tokens, int seqLen) {
            Tensor x = tape.scale(embed.forward(tape, tokens), Math.sqrt(hidden));
            return head.forward(tape, block.forward(tape, x, seqLen));
        }

        List<Tensor> parameters() {
            List<Tensor> all = new ArrayList<>(embed.parameters());
            all.addAll(block.parameters());
            all.addAll(head.parameters());
            return all;
        }
    }

    private static final int VOCAB = 9;   // token 0 is unused (PAD in the puzzle encodings)
    private static final int SEQ = 8;
    private static final int BATCH = 32;
    private static final int IGNORE = -1;

    @Override
    public String title() {
        return "One block learns to copy the token to its left";
    }

    @Override
    public boolean run(Context tour) {
        PrintWriter out = tour.out();
        int steps = tour.steps();
        long seed = tour.seed();
        out.println("Input: 8 random digits 1..8. Target at position p: the digit at p - 1 (position 0");
        out.println("has none). Attention must learn to look exactly one step back; RoPE makes that");
        out.println("offset visible. Model: embedding, one block (hidden 32, 2 heads), linear read-out;");
        out.println("AdamW, softmax cross-entropy, batches of 32 fresh sequences.");
        SplittableRandom rng = new SplittableRandom(seed);
        ShiftModel model = new ShiftModel(VOCAB, 32, SEQ, rng);
        List<Tensor> params = model.parameters();
        AdamW optimizer = new AdamW(params, new AdamW.Config(0.9, 0.999, 1e-8, 0.0));
        WarmupCosine schedule = new WarmupCosine(3e-3, Math.max(1, Math.min(20, steps / 10)), steps, 0.1);
        out.printf(Locale.ROOT, "   %,d parameters%n", params.stream().mapToLong(p -> p.value().getNumElements()).sum());
        out.flush();

        double accuracy = 0;
        PrintWriter err = tour.err();
        Progress bar = Progress.of(err, "   training", steps);
        try {
            for (int step = 1; step <= steps; step++) {
                int[] tokens = randomTokens(rng);
                int[] targets = shiftedTargets(tokens);
                Tape tape = new Tape();
                Tensor logits = model.logits(tape, tokens, SEQ);
                Tensor loss = tape.softmaxCrossEntropy(logits, targets, IGNORE);
                tape.backward(loss);
                optimizer.step(schedule.lr(step));
                optimizer.zeroGrad();
                accuracy = accuracy(logits.value(), targets);
                String status = String.format(Locale.ROOT, "loss %.4f  accuracy %5.1f%%", loss.item(), 100 * accuracy);
                bar.update(step, status);
                if (step % 25 == 0 || step == 1) {
                    out.printf(Locale.ROOT, "   step %4d  %s%n", step, status);
                    out.flush();
                }
            }
        } finally {
            bar.finish();
        }

        int[] example = randomTokens(new SplittableRandom(seed + 1));
        int[] one = Arrays.copyOf(example, SEQ);
        Tape inference = new Tape();
        Tensor logits = inference.noGrad(() -> model.logits(inference, one, SEQ));
        out.println("   a fresh sequence:  " + digits(one, 0));
        out.println("   the block answers: " + digits(argmax(logits.value()), 1) + "   (position 0 has no answer)");
        double held = heldOutAccuracy(model, new SplittableRandom(seed + 2));
        boolean learned = held >= 0.99;
        out.printf(Locale.ROOT, "   accuracy on 1,000 new sequences: %.1f%% %s%n", 100 * held,
                learned ? "" : "(expected >= 99%; try more --steps)");
        return learned;
    }

    private static int[] randomTokens(SplittableRandom rng) {
        int[] tokens = new int[BATCH * SEQ];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 1 + rng.nextInt(VOCAB - 1);
        }
        return tokens;
    }

    private static int[] shiftedTargets(int[] tokens) {
        int[] targets = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            targets[i] = i % SEQ == 0 ? IGNORE : tokens[i - 1];
        }
        return targets;
    }

    private static int[] argmax(DMatrixRMaj logits) {
        int[] best = new int[logits.numRows];
        for (int r = 0; r < logits.numRows; r++) {
            for (int c = 1; c < logits.numCols; c++) {
                if (logits.get(r, c) > logits.get(r, best[r])) {
                    best[r] = c;
                }
            }
        }
        return best;
    }

    private static double accuracy(DMatrixRMaj logits, int[] targets) {
        int[] guess = argmax(logits);
        int right = 0;
        int counted = 0;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != IGNORE) {
                counted++;
                right += guess[i] == targets[i] ? 1 : 0;
            }
        }
        return right / (double) counted;
    }

    private static double heldOutAccuracy(ShiftModel model, SplittableRandom rng) {
        double total = 0;
        int batches = 1000 / BATCH + 1;
        for (int b = 0; b < batches; b++) {
            int[] tokens = randomTokens(rng);
            Tape tape = new Tape();
            total += accuracy(tape.noGrad(() -> model.logits(tape, tokens, SEQ)).value(), shiftedTargets(tokens));
        }
        return total / batches;
    }

    private static String digits(int[] tokens, int from) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < SEQ; i++) {
            s.append(i < from ? "." : String.valueOf(tokens[i])).append(' ');
        }
        return s.toString().trim();
    }
}
