package org.depthlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.models.Trajectory;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.TaskName;

/**
 * {@code depthlab solve --checkpoint DIR}: a trained refinement model answers, and the reader
 * watches it refine. For every segment the answer is printed with the cells that changed since
 * the segment before marked underneath ({@code ^}; multi-line answers such as mazes report
 * the count instead), with the model's confidence and halting logit; then whether the final
 * answer is valid by the puzzle's own rules.
 */
final class ModelSolveMode extends CheckpointMode {

    private final int segments;
    private long segmentsRun;

    ModelSolveMode(Path dir, Integer segments) {
        super(dir);
        this.segments = segmentsOr(segments);
        if (this.segments < 1) {
            throw new BadInputException("--segments must be at least 1, not " + this.segments);
        }
    }

    @Override
    public String describe(TaskName asked) {
        return loaded.manifest().model().kind() + " checkpoint";
    }

    @Override
    public String work() {
        return String.format(Locale.ROOT, "%d segments run, %d a puzzle", segmentsRun, segments);
    }

    @Override
    public SolveCommand.Outcome solve(TaskName asked, String text) {
        Puzzle puzzle = task.parse(text);
        Trajectory trajectory = Trajectory.run(loaded.model(), puzzle.inputTokens(), segments);
        StringBuilder b = new StringBuilder();
        int[] previous = puzzle.inputTokens();
        for (Trajectory.Step step : trajectory.steps()) {
            String answer = puzzle.formatAnswer(step.answer());
            int changed = 0;
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < step.answer().length; i++) {
                boolean differs = step.answer()[i] != previous[i];
                changed += differs ? 1 : 0;
                marks.append(differs ? '^' : ' ');
            }
            String head = String.format(Locale.ROOT, "segment %2d  ", step.segment());
            String facts = String.format(Locale.ROOT, "  confidence %.3f%s, %d changed", step.confidence(),
                    Double.isNaN(step.qHalt()) ? "" : String.format(Locale.ROOT, ", q_halt %.2f", step.qHalt()),
                    changed);
            boolean oneLine = answer.indexOf('\n') < 0 && answer.length() == step.answer().length;
            if (oneLine) {
                b.append(head).append(answer).append(facts).append('\n');
                if (changed > 0) {
                    b.append(" ".repeat(head.length())).append(marks.toString().stripTrailing()).append('\n');
                }
            } else {
                // A grid (a maze): the facts on the heading line, the grid below it, indented.
                b.append(head.stripTrailing()).append(facts).append('\n');
                for (String line : answer.split("\n", -1)) {
                    b.append("    ").append(line).append('\n');
                }
            }
            previous = step.answer();
        }
        boolean valid = puzzle.isCorrect(trajectory.finalAnswer());
        b.append(valid ? "final answer: valid" : "final answer: NOT valid");
        if (loaded.model().halts()) {
            b.append(String.format(Locale.ROOT, " (the halting head would stop after segment %d)",
                    trajectory.haltingSegment()));
        }
        segmentsRun += trajectory.steps().size();
        return new SolveCommand.Outcome(b.toString(), valid, valid ? null : "the model's answer is not valid");
    }
}
