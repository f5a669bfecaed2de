package org.depthlab.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.models.NoiseSeeds;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Coverage only grows with width (chapter 14): when sample i's seed is derived from (base, i)
 * alone, the N samples of a draw are the first N of any larger draw, so pass@N — some sample
 * right — and the number of distinct answers found can only grow with N, for any checker.
 *
 * <p>The check draws a random stochastic model, a random puzzle and a random checker (an answer
 * is "right" when a seeded hash of it is 0 mod 3 — the claim holds for every checker, so an
 * arbitrary one tests it), draws N = 1, 2, … up to the family's bound on steps <em>separately</em>,
 * and compares each N with the one before. A model whose samples all agree tests nothing. The
 * contrast reseeds every sample for every N: more samples, yet pass@N can fall.
 */
public final class Coverage implements Claim<WidthSampler> {

    @Override
    public About about() {
        return new About("coverage grows with N",
                "With per-sample seeds derived from (base, i), pass@N and the number of distinct answers never fall as"
                        + " N grows, for any checker.",
                "samplers of a stochastic recursive model",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<WidthSampler> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            int vocab = 3 + rng.nextInt(3);
            int length = 2 + rng.nextInt(5);
            WidthSampler sampler = family.draw(in.seed(), vocab, length);
            int seqLen = sampler.model().seqLen();
            int[] puzzle = Draw.tokens(seqLen, sampler.model().vocab(), rng);
            int widest = in.steps(2);
            int segments = 1 + rng.nextInt(2);
            long base = rng.nextLong();
            long checker = rng.nextLong();
            in.tried("N", 1);
            in.tried("N", widest);
            List<Boolean> pass = new ArrayList<>();
            List<Integer> distinct = new ArrayList<>();
            for (int n = 1; n <= widest; n++) {
                in.inputs(1);
                Tape tape = new Tape();
                Tensor logits = sampler.run(tape, puzzle, n, segments, base);
                List<int[]> answers = answers(logits.value(), seqLen);
                boolean any = false;
                Set<String> seen = new HashSet<>();
                for (int[] a : answers) {
                    any |= right(a, checker);
                    seen.add(Arrays.toString(a));
                }
                pass.add(any);
                distinct.add(seen.size());
                if (n > 1 && pass.get(n - 2) && !any) {
                    return Trial.failed(n, String.format(Locale.ROOT, "pass@%d is 1 but pass@%d is 0: more samples, and"
                            + " none right (puzzle %s, %s)", n - 1, n, Draw.brief(puzzle), Draw.count(segments, "segment")));
                }
                if (n > 1 && distinct.get(n - 2) > seen.size()) {
                    return Trial.failed(n, String.format(Locale.ROOT, "%d samples found %d distinct answers, %d found %d"
                            + " (puzzle %s)", n - 1, distinct.get(n - 2), n, seen.size(), Draw.brief(puzzle)));
                }
            }
            if (distinct.get(widest - 1) == 1) {
                return Trial.untested("every sample gave the same answer, so N changes nothing");
            }
            return Trial.held(String.format(Locale.ROOT, "N = 1..%d drawn separately: pass@N %s, distinct answers %s",
                    widest, series(pass.stream().map(b -> b ? 1 : 0).toList()), series(distinct)));
        });
    }

    /** Each sample's answer: the best token at every position. */
    private static List<int[]> answers(DMatrixRMaj logits, int seqLen) {
        List<int[]> out = new ArrayList<>();
        int v = logits.numCols;
        for (int s = 0; s < logits.numRows / seqLen; s++) {
            int[] a = new int[seqLen];
            for (int p = 0; p < seqLen; p++) {
                int row = s * seqLen + p;
                int best = 0;
                for (int c = 1; c < v; c++) {
                    if (logits.data[row * v + c] > logits.data[row * v + best]) {
                        best = c;
                    }
                }
                a[p] = best;
            }
            out.add(a);
        }
        return out;
    }

    /** The checker: right when a seeded hash of the answer is 0 mod 3. */
    private static boolean right(int[] answer, long checker) {
        long h = checker;
        for (int t : answer) {
            h = NoiseSeeds.derive(h, t);
        }
        return Math.floorMod(h, 3) == 0;
    }

    /** "0, 1, 1, 1" — or, for more than eight values, the first four, "...", and the last. */
    private static String series(List<Integer> values) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.size() <= 8 || i < 4 || i == values.size() - 1) {
                shown.add(String.valueOf(values.get(i)));
            } else if (i == 4) {
                shown.add("...");
            }
        }
        return String.join(", ", shown);
    }
}
