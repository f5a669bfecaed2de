package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.ConstrainedGreedy;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.DecodingEvaluation;
import org.depthlab.decode.Greedy;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.Positions;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuTask;
import org.depthlab.train.TrainConfig;
import org.depthlab.train.Trainer;

/**
 * Tour part: the missing retraction. A small causal decoder learns 4×4 Sudoku by teacher
 * forcing for a few seconds, then writes answers left to right. On a puzzle where the
 * constraint mask leads greedy decoding into a dead end — a cell with no digit left, caused by
 * a digit it cannot take back — backtracking decoding, the same decoder inside a depth-first
 * search, retracts and solves it.
 *
 * <p>The decoder is trained only briefly, on purpose: it is the search, not the model, that
 * supplies retraction, and a tour must stay fast. (With scores all equal the same search is
 * exactly the classical solver; the tests prove it.)
 */
final class TourRetraction implements TourPart {

    private static final int UPDATES = 150;

    @Override
    public String title() {
        return "Retraction: a decoder commits, a search around it takes back";
    }

    @Override
    public boolean run(Context tour) {
        PrintWriter out = tour.out();
        SudokuTask task = new SudokuTask(Sudoku.Shape.FOUR, 0, 8);
        Dataset data = Dataset.generate(task, 200, 100, new SplittableRandom(tour.seed()));
        Decoder decoder = new DecoderConfig(task.vocabularySize(), task.sequenceLength(), 16, 2, 4.0, 2,
                Positions.LEARNED).build(tour.seed());
        tour.say("   A causal decoder (2 blocks, hidden 16) reads a 4x4 Sudoku and writes its 16 cells left to right.",
                "   It learns by teacher forcing: " + UPDATES + " updates on 200 puzzles.");
        long t0 = System.nanoTime();
        TrainConfig run = TrainConfig.defaults("decoder").withSteps(UPDATES).withBatch(16).withLr(3e-3)
                .withWarmupSteps(20).withLoss("softmax").withSeed(tour.seed());
        Trainer.fresh(decoder, tour.seed(), run, task.name(), data.train(), List.of(), null, null).run();
        out.printf(Locale.ROOT, "   trained in %.1f s. Exact accuracy on 100 new puzzles:%n", (System.nanoTime() - t0) / 1e9);
        for (Strategy s : List.of(new Greedy(), new ConstrainedGreedy(), new Backtracking(10_000))) {
            DecodingEvaluation.Result r = DecodingEvaluation.evaluate(decoder, s, data.test());
            out.printf(Locale.ROOT, "     %-26s %5.1f%%   (%.1f retractions per puzzle)%n", s.name(), 100 * r.exact(),
                    r.meanRetractions());
        }
        for (Puzzle p : data.test()) {
            Decoding stuck = new ConstrainedGreedy().decode(decoder, p);
            Decoding search = new Backtracking(10_000).decode(decoder, p);
            if (stuck.deadEnd() >= 0 && search.complete() && search.retractions() > 0) {
                show(tour, decoder, p, stuck, search);
                return true;
            }
        }
        out.println("   no test puzzle sent constrained greedy decoding into a dead end; try another --seed");
        return false;
    }

    private static void show(Context tour, Decoder decoder, Puzzle p, Decoding stuck, Decoding search) {
        PrintWriter out = tour.out();
        Decoding greedy = new Greedy().decode(decoder, p);
        out.println();
        out.println("   puzzle       " + p.format());
        out.println("   greedy       " + p.formatAnswer(greedy.answer()) + (p.isCorrect(greedy.answer())
                ? "   valid" : "   breaks the rules: nothing checks a token before it is final"));
        out.println("   constrained  " + p.formatAnswer(stuck.answer()) + "   dead end at " + cell(stuck.deadEnd())
                + ": no digit is left there");
        out.println("                (only digits the rules allow given the prefix; but a digit, once written, stays)");
        out.println("   backtracking " + p.formatAnswer(search.answer()) + "   valid, " + search.nodes() + " digits tried, "
                + search.retractions() + " taken back:");
        StringJoiner line = new StringJoiner("  ", "     ", "");
        int shown = 0;
        for (Decoding.Event e : search.events()) {
            String s = e instanceof Decoding.Commit c && !c.forced() ? cell(c.position()) + "=" + (c.token() - 1)
                    : e instanceof Decoding.Retract r && !r.forced() ? "retract " + cell(r.position()) + "=" + (r.token() - 1)
                    : null;
            if (s == null) {
                continue;
            }
            line.add(s);
            if (++shown % 6 == 0) {
                out.println(line);
                line = new StringJoiner("  ", "     ", "");
            }
        }
        if (shown % 6 != 0) {
            out.println(line);
        }
        tour.say("   The decoder alone cannot take a digit back; the search around it can, and returning to",
                "   the decoder's state before a digit (its KV cache included) costs no model call.",
                "   Try: depthlab solve --checkpoint DIR --strategy backtrack --puzzle ... (after train --model decoder).");
    }

    private static String cell(int position) {
        return "r" + (position / 4 + 1) + "c" + (position % 4 + 1);
    }
}
