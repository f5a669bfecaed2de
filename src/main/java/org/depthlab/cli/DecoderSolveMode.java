package org.depthlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.TaskName;
import org.depthlab.train.Checkpoint;

/**
 * {@code depthlab solve --checkpoint DIR} for a decoder: the chosen strategy writes the answer,
 * and the reader watches every token it commits and every one it takes back — one line each,
 * with the model's probability for the token — then the answer and whether it is valid.
 * Givens that the constraints force are written without a line of their own.
 */
final class DecoderSolveMode extends CheckpointMode {

    /** Events listed per puzzle at most; a long search reports how many more there were. */
    private static final int MAX_LINES = 400;

    private final Decoder decoder;
    private final Strategy strategy;
    private long chosen;
    private long retracted;
    private long modelCalls;

    DecoderSolveMode(Path dir, Strategy strategy) {
        super(dir);
        this.decoder = (Decoder) loaded.model();
        this.strategy = strategy;
    }

    /** Whether the checkpoint in {@code dir} holds a decoder. */
    static boolean holdsDecoder(Path dir) {
        return Checkpoint.manifest(dir).model() instanceof DecoderConfig;
    }

    @Override
    public void check(TaskName asked) {
        super.check(asked);
        if (strategy.needsConstraints() && !trained.family().hasConstraints()) {
            throw new BadInputException("--strategy " + strategy.name() + " needs a task with constraints (sudoku,"
                    + " queens, futoshiki or logic), not " + task.name() + ".");
        }
    }

    @Override
    public String describe(TaskName asked) {
        return "decoder checkpoint, " + strategy.name();
    }

    @Override
    public String work() {
        return String.format(Locale.ROOT, "%d tokens chosen, %d retracted, %d model calls", chosen, retracted,
                modelCalls);
    }

    @Override
    public SolveCommand.Outcome solve(TaskName asked, String text) {
        Puzzle puzzle = task.parse(text);
        Decoding d = strategy.decode(decoder, puzzle);
        StringBuilder b = new StringBuilder();
        int lines = 0;
        int step = 0;
        int hidden = 0;
        for (Decoding.Event e : d.events()) {
            String line = line(e);
            if (line == null) {
                continue;
            }
            step++;
            if (lines < MAX_LINES) {
                b.append(String.format(Locale.ROOT, "%5d  %s%n", step, line));
                lines++;
            } else {
                hidden++;
            }
        }
        if (hidden > 0) {
            b.append(String.format(Locale.ROOT, "       ... and %d more%n", hidden));
        }
        boolean valid = puzzle.isCorrect(d.answer());
        b.append("answer ").append(puzzle.formatAnswer(d.answer())).append('\n');
        String counts = String.format(Locale.ROOT, "%d chosen, %d retracted, %d model calls", d.nodes(),
                d.retractions(), d.modelCalls());
        String why = d.budgetExhausted() ? "the node budget ran out"
                : d.deadEnd() >= 0 ? "dead end at " + where(d.deadEnd()) + ": no value is allowed there"
                : !d.complete() ? "no completion exists" : null;
        b.append(valid ? "valid" : "NOT valid").append(why == null ? "" : " (" + why + ")").append("; ").append(counts);
        chosen += d.nodes();
        retracted += d.retractions();
        modelCalls += d.modelCalls();
        return new SolveCommand.Outcome(b.toString(), valid,
                valid ? null : why != null ? why : "the decoder's answer breaks the rules");
    }

    /** One event as a line, or null for a given the constraints forced. */
    private String line(Decoding.Event e) {
        if (e instanceof Decoding.Commit c) {
            return c.forced() ? null : String.format(Locale.ROOT, "commit   %s = %s   p %.3f", where(c.position()),
                    value(c.token()), c.probability());
        }
        if (e instanceof Decoding.Retract r) {
            return r.forced() ? null : "retract  " + where(r.position()) + " = " + value(r.token());
        }
        Decoding.DeadEnd dead = (Decoding.DeadEnd) e;
        return dead.position() < 0 ? "the givens contradict each other"
                : "dead end " + where(dead.position()) + ": no value is allowed";
    }

    /** A position in the task's own terms: r2c3 for Sudoku, a row for N-Queens. */
    private String where(int position) {
        switch (trained.family()) {
            case SUDOKU: return "r" + (position / trained.size() + 1) + "c" + (position % trained.size() + 1);
            case QUEENS: return "row " + (position + 1);
            default: return "position " + position;
        }
    }

    /** A token in the task's own terms: the digit, the queen's column (from 1), the node, or the token. */
    private String value(int token) {
        TaskName.Family family = trained.family();
        if (family != TaskName.Family.MAZE && token < 2) {
            return token == 0 ? "PAD" : "blank";
        }
        if ((family == TaskName.Family.SUDOKU || family == TaskName.Family.QUEENS) && token >= 2) {
            return Integer.toString(token - 1);
        }
        if (family == TaskName.Family.POINTER && token >= 2) {
            return "node " + (token - 2);
        }
        return "token " + token;
    }
}
