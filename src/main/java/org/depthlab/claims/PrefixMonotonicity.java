package org.depthlab.claims;

import java.util.Locale;
import java.util.Optional;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.Positions;
import org.depthlab.solve.Csp;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;

/**
 * Prefix monotonicity of autoregressive decoding (book/references.md, [Logic-LM],
 * [MS-CoT]): what a committing decoder has written is a prefix of everything it will
 * write — it writes each position once, left to right, never takes a token back, and its
 * answer holds every token as first written. This is what "an autoregressive decoder cannot
 * take back a token" means, checked on the strategies' own records of what they did
 * ({@link Decoding#events()}).
 *
 * <p>The check decodes random puzzles ({@link RandomCsp}: Sudoku 4×4, 6×6, N-Queens) with a
 * small decoder of random weights. Backtracking decoding, a search <em>around</em> the
 * decoder, is outside the class: it retracts, and the claim fails on it.
 */
public final class PrefixMonotonicity implements Claim<Strategy> {

    @Override
    public About about() {
        return new About("prefix monotonicity",
                "Each position is written once, left to right, and never changed: the tokens written so far are"
                        + " a prefix of the final answer.",
                "committing decoding strategies (greedy, sampling, constrained greedy)",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<Strategy> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            long s = in.seed();
            java.util.SplittableRandom rng = in.rng();
            Csp csp = RandomCsp.draw(rng);
            in.tried("variables", csp.variableCount());
            in.inputs(1);
            int length = csp.variableCount();
            Strategy strategy = family.draw(s, csp.valueCount() + Tokens.VALUE_BASE, length);
            Decoder decoder = new DecoderConfig(csp.valueCount() + Tokens.VALUE_BASE, length, 8, 2, 2.0, 1,
                    Positions.LEARNED).build(s);
            int[] inputs = new int[length];
            for (int x = 0; x < length; x++) {
                inputs[x] = csp.given(x) < 0 ? Tokens.BLANK : Tokens.ofValue(csp.given(x));
            }
            Tape tape = new Tape();
            Decoding d = tape.noGrad(() -> strategy.decode(decoder, tape, inputs, Optional.of(csp)));
            int[] answer = d.answer();
            int last = -1;
            int written = 0;
            for (Decoding.Event e : d.events()) {
                if (e instanceof Decoding.Retract r) {
                    return Trial.failed(written, String.format(Locale.ROOT, "%s, %d positions: after %d tokens it took back"
                            + " token %d at position %d", strategy.name(), length, written, r.token(), r.position()));
                }
                if (e instanceof Decoding.Commit c) {
                    if (c.position() <= last || answer[c.position()] != c.token()) {
                        return Trial.failed(written, c.position() <= last
                                ? String.format(Locale.ROOT, "%s, %d positions: token %d of the decoding went to position %d,"
                                        + " after position %d", strategy.name(), length, written + 1, c.position(), last)
                                : String.format(Locale.ROOT, "%s, %d positions: token %d of the decoding, %d at position %d, is %d"
                                        + " in the final answer", strategy.name(), length, written + 1, c.token(),
                                        c.position(), answer[c.position()]));
                    }
                    last = c.position();
                    written++;
                }
            }
            return Trial.held(String.format(Locale.ROOT, "%s, %d positions: %d tokens written left to right, none changed%s",
                    strategy.name(), length, written, d.deadEnd() >= 0 ? " (then a dead end)" : ""));
        });
    }
}
