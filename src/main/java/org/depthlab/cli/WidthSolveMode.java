package org.depthlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.models.Gram;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.StochasticModel;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.TaskName;
import org.depthlab.train.Width;

/**
 * {@code depthlab solve --checkpoint DIR --samples N}: width on one puzzle at a time. N
 * samples run side by side ({@link Width}); the distinct answers they reached are listed
 * with their votes, whether each is a solution and the highest halting logit among the samples
 * that gave it; the answer is the majority vote.
 */
final class WidthSolveMode extends CheckpointMode {

    private final RefinementModel model;
    private final String kind;
    private final int segments;
    private final int samples;
    private final long seed;

    WidthSolveMode(Path dir, Integer segments, int samples, Double noise, long seed) {
        super(dir);
        this.segments = segmentsOr(segments);
        if (this.segments < 1 || samples < 1) {
            throw new BadInputException("--segments and --samples must be at least 1");
        }
        if (noise != null && !(noise > 0)) {
            throw new BadInputException("--noise must be positive, not " + noise);
        }
        this.model = noise != null ? Gram.withNaiveNoise(loaded.model(), noise) : loaded.model();
        this.kind = loaded.manifest().model().kind() + (noise != null ? " with naive noise " + noise : "");
        this.samples = samples;
        this.seed = seed;
    }

    @Override
    public String describe(TaskName asked) {
        return kind + " checkpoint, " + samples + " samples voting";
    }

    @Override
    public String work() {
        return String.format(Locale.ROOT, "%d samples of %d segments a puzzle, side by side", samples, segments);
    }

    @Override
    public SolveCommand.Outcome solve(TaskName asked, String text) {
        Puzzle puzzle = task.parse(text);
        // Each puzzle's samples are seeded as the first puzzle's would be: the same puzzle, the same samples.
        Width.Samples s = Width.sample(model, List.of(puzzle), samples, segments, seed, samples).get(0);
        List<Width.Vote> votes = s.votes(samples);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d samples of %d segments, %s%s%n", samples, segments,
                votes.size() == 1 ? "1 distinct answer" : votes.size() + " distinct answers",
                model instanceof StochasticModel ? "" : " (this model draws no noise)"));
        for (Width.Vote v : votes) {
            String answer = puzzle.formatAnswer(v.answer());
            String facts = String.format(Locale.ROOT, "%s%s", v.valid() ? "valid" : "NOT valid",
                    model.halts() ? String.format(Locale.ROOT, ", q_halt %.2f", v.confidence()) : "");
            String votesText = String.format(Locale.ROOT, "%3d %-5s", v.votes(), v.votes() == 1 ? "vote" : "votes");
            if (answer.indexOf('\n') < 0) {
                b.append("  ").append(votesText).append("  ").append(answer).append("  ").append(facts).append('\n');
            } else {
                b.append("  ").append(votesText).append("  ").append(facts).append('\n');
                for (String line : answer.split("\n", -1)) {
                    b.append("    ").append(line).append('\n');
                }
            }
        }
        boolean valid = votes.get(0).valid();
        long solutions = votes.stream().filter(Width.Vote::valid).count();
        b.append(String.format(Locale.ROOT, "voted answer: %s; %d of the distinct answers %s", valid ? "valid" : "NOT valid",
                solutions, solutions == 1 ? "is a solution" : "are solutions"));
        return new SolveCommand.Outcome(b.toString(), valid, valid ? null : "the voted answer is not valid");
    }
}
