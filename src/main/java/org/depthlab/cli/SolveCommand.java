package org.depthlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.depthlab.BadInputException;
import org.depthlab.io.IoErrors;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.GreedyDecoder;
import org.depthlab.solve.GridPaths;
import org.depthlab.solve.SolverResult;
import org.depthlab.solve.VariableOrder;
import org.depthlab.tasks.Futoshiki;
import org.depthlab.tasks.FutoshikiCsp;
import org.depthlab.tasks.LogicGrid;
import org.depthlab.tasks.LogicGridCsp;
import org.depthlab.tasks.Maze;
import org.depthlab.tasks.PointerPuzzle;
import org.depthlab.tasks.PuzzleText;
import org.depthlab.tasks.Queens;
import org.depthlab.tasks.QueensCsp;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.tasks.TaskName;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code depthlab solve}: one answer per puzzle, in input order, on stdout, and a summary on
 * stderr. How a puzzle is solved is a {@link Mode}: {@code --solver csp} (the classical
 * solver: CSP search for Sudoku and N-Queens, BFS for mazes, repeated squaring for pointer
 * chasing), {@code --solver greedy} (the greedy committing decoder, Sudoku and N-Queens),
 * {@code --checkpoint DIR} (a trained refinement model, {@link ModelSolveMode}) or
 * {@code --checkpoint DIR --strategy S} (a trained decoder, {@link DecoderSolveMode}), or
 * {@code --checkpoint DIR --samples N} (N samples side by side and their votes, {@link WidthSolveMode}).
 * A new way to solve — a trained model, a decoding strategy — is one more mode.
 *
 * <p>A malformed puzzle is reported on stderr with its line number and skipped; the others
 * are still solved, and the exit code is then 2. A puzzle that is well formed but was not
 * solved — it has no solution, greedy decoding hit a dead end, a model's answer breaks the
 * rules — still gets its stdout entry, the grid as far as it got, with a note on stderr; the
 * exit code is then 1, so that 0 means every answer is a solution. The summary line says
 * what the mode did in its own units: nodes and backtracks for the CSP search, cells visited
 * for BFS, compositions for repeated squaring, segments for a refinement model, tokens
 * chosen and retracted for a decoder.
 */
@Command(name = "solve",
        mixinStandardHelpOptions = true,
        description = {
            "Solve puzzles with the classical solver, the greedy decoder or a trained model.",
            "--solver csp (the default) or greedy; --checkpoint for a trained model (with a",
            "decoder, --strategy shows every commit and retraction). Reads --file or",
            "--puzzle; one answer per puzzle on stdout, in input order, and a summary (how",
            "many were solved, what the search did, time) on stderr. Exit 1 if a puzzle was",
            "left unsolved, 2 if any was malformed (the others are still solved)."})
final class SolveCommand implements Callable<Integer> {

    @Option(names = "--task", paramLabel = "TASK",
            description = "sudoku (size from the line), sudoku4/6/9, maze, maze<N>, pointer, queens, queens<N>, "
                    + "futoshiki, futoshiki<N>, logic, logic<N> (default: the checkpoint's task with --checkpoint, else"
                    + " sudoku)")
    private String task;

    @Option(names = "--solver", defaultValue = "csp", paramLabel = "SOLVER",
            description = "csp (backtracking search; BFS for mazes) or greedy (commit, never take back) "
                    + "(default ${DEFAULT-VALUE})")
    private String solver;

    @Option(names = "--order", defaultValue = "mrv", paramLabel = "ORDER",
            description = "variable order of csp and greedy: mrv (fewest values left, then lowest index) "
                    + "or index (default ${DEFAULT-VALUE})")
    private String order;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "solve with a trained model (depthlab train) instead of --solver: its answer after every"
                    + " segment, changed cells marked, and whether the final answer is valid")
    private Path checkpoint;

    @Option(names = "--segments", paramLabel = "N",
            description = "with --checkpoint: segments to run (default: the training setting)")
    private Integer segments;

    @Option(names = "--steps", paramLabel = "K",
            description = "quadratic programs with --solver gd or cg: the iterations to run")
    private Integer steps;

    @Option(names = "--samples", paramLabel = "N",
            description = "with --checkpoint: N samples side by side (gram, or trm with --noise), their distinct answers"
                    + " with their votes, and the majority vote as the answer")
    private Integer samples;

    @Option(names = "--noise", paramLabel = "SIGMA",
            description = "with --samples: naive Gaussian noise of this scale on a trm model's answer state")
    private Double noise;

    @Mixin
    private StrategyOptions decoding;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    static final class Input {
        @Option(names = "--file", paramLabel = "PUZZLES", description = "a file of puzzles (mazes: blocks separated by an empty line)")
        Path file;

        @Option(names = "--puzzle", paramLabel = "TEXT", description = "one puzzle (a maze's rows separated by newlines)")
        String puzzle;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (QpSolve.names(task)) {
            return QpSolve.solve(items(TaskName.parse("sudoku")), solver, steps, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        Mode mode = mode(orderOf(order));
        TaskName name = task != null ? TaskName.parse(task) : mode.defaultTask();
        mode.check(name);
        List<PuzzleText.Item> items = items(name);
        if (task == null && checkpoint == null && !items.isEmpty()) {
            requireTaskFits(name, items.get(0));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tally tally = new Tally();
        long t0 = System.nanoTime();
        for (PuzzleText.Item item : items) {
            Outcome o;
            try {
                o = mode.solve(name, item.text());
            } catch (BadInputException e) {
                err.println("line " + item.line() + ": " + e.getMessage());
                tally.rejected++;
                continue;
            }
            if (name.family() == TaskName.Family.MAZE && tally.answered > 0) {
                out.println();
            }
            out.println(o.answer());
            if (o.note() != null) {
                err.println("line " + item.line() + ": " + o.note());
            }
            tally.add(o);
        }
        out.flush();
        err.println(tally.summary(mode.describe(name), mode.work(), (System.nanoTime() - t0) / 1e9));
        err.flush();
        return tally.rejected > 0 ? Main.BAD_INPUT : tally.solved < tally.answered ? UNSOLVED : 0;
    }

    /** Exit code when every puzzle was read but some answer is not a solution. */
    static final int UNSOLVED = 1;

    /**
     * Without --task (and without a checkpoint, which names its own task) puzzles are read as
     * Sudoku. When the first one is not a Sudoku but reads as another task's puzzle, say which
     * --task fits, instead of reporting every line of a maze or pointer file as a bad Sudoku.
     */
    private void requireTaskFits(TaskName guessed, PuzzleText.Item first) {
        if (fits(guessed, first)) {
            return;
        }
        for (TaskName.Family family : TaskName.Family.values()) {
            TaskName other = new TaskName(family, 0);
            if (family != guessed.family() && fits(other, reread(other, first))) {
                String name = family.name().toLowerCase(Locale.ROOT);
                throw new BadInputException((input.file != null ? input.file + " holds " + name + " puzzles"
                        : "the --puzzle is a " + name + " puzzle") + ", not " + guessed + ": give --task " + name + ".");
            }
        }
    }

    /** The first puzzle again, read in the layout of {@code task} (a maze is a block of lines). */
    private PuzzleText.Item reread(TaskName task, PuzzleText.Item first) {
        List<PuzzleText.Item> again = items(task);
        return again.isEmpty() ? first : again.get(0);
    }

    /** Whether {@code item} reads as a puzzle of {@code task}'s family. */
    private static boolean fits(TaskName task, PuzzleText.Item item) {
        try {
            switch (task.family()) {
                case SUDOKU: return Sudoku.parse(item.text()) != null;
                case MAZE: return Maze.parse(item.text()) != null;
                case POINTER: return PointerPuzzle.parse(item.text()) != null;
                case QUEENS: return Queens.parse(item.text()) != null;
                case FUTOSHIKI: return Futoshiki.parse(item.text()) != null;
                case LOGIC: return LogicGrid.parse(item.text()) != null;
                default: throw new AssertionError(task);
            }
        } catch (BadInputException e) {
            return false;
        }
    }

    /** The mode chosen by --checkpoint or --solver. */
    private Mode mode(VariableOrder variableOrder) {
        if (checkpoint != null && DecoderSolveMode.holdsDecoder(checkpoint)) {
            if (samples != null) {
                throw new BadInputException("--samples needs a refinement model's checkpoint; a decoder takes --strategy"
                        + " sample or beam.");
            }
            return new DecoderSolveMode(checkpoint, decoding.strategy());
        }
        if (decoding.given()) {
            throw new BadInputException("--strategy needs --checkpoint with a trained decoder (depthlab train --model"
                    + " decoder).");
        }
        if (checkpoint != null && samples != null) {
            return new WidthSolveMode(checkpoint, segments, samples, noise, decoding.sampleSeed);
        }
        if (samples != null || noise != null) {
            throw new BadInputException((samples != null ? "--samples" : "--noise") + " needs --checkpoint"
                    + (samples != null ? "" : " and --samples") + ".");
        }
        if (checkpoint != null) {
            return new ModelSolveMode(checkpoint, segments);
        }
        switch (solver.strip().toLowerCase(Locale.ROOT)) {
            case "csp": return new ClassicalMode(variableOrder);
            case "greedy": return new GreedyMode(variableOrder);
            default: throw new BadInputException("--solver must be csp or greedy, not '" + solver + "'.");
        }
    }

    private static VariableOrder orderOf(String s) {
        switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "mrv": return VariableOrder.MRV;
            case "index": return VariableOrder.INDEX;
            default: throw new BadInputException("--order must be mrv or index, not '" + s + "'.");
        }
    }

    private List<PuzzleText.Item> items(TaskName name) {
        boolean blocks = name.family() == TaskName.Family.MAZE;
        if (input.puzzle != null) {
            List<String> lines = blocks ? List.of(input.puzzle.split("\n", -1)) : List.of(input.puzzle);
            List<PuzzleText.Item> items = blocks ? PuzzleText.blocks(lines) : PuzzleText.lines(lines);
            if (items.size() != 1) {
                throw new BadInputException("--puzzle must hold exactly one puzzle, not " + items.size() + ".");
            }
            return items;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(input.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.cannotRead(input.file, e);
        }
        return blocks ? PuzzleText.blocks(lines) : PuzzleText.lines(lines);
    }

    /**
     * The answer to one puzzle.
     *
     * @param answer the stdout entry: the solution, or the grid as far as the mode got
     * @param solved whether the answer is a solution
     * @param note a remark for stderr (no solution, a dead end), or null
     */
    record Outcome(String answer, boolean solved, String note) {
    }

    /**
     * A way of solving puzzles; one per --solver value or kind of checkpoint. A mode lives for
     * one command and adds up what it did, for the summary line.
     */
    interface Mode {
        /** Rejects a task this mode cannot handle, before any puzzle is read. */
        void check(TaskName task);

        /** Solves one puzzle given as text; throws BadInputException if the text is malformed. */
        Outcome solve(TaskName task, String text);

        /** How the summary names this mode on {@code task}, e.g. "csp (mrv)" or "bfs". */
        String describe(TaskName task);

        /** What it did over all puzzles so far, in its own units, e.g. "422 nodes, 254 backtracks". */
        String work();

        /** The task when --task is not given: a checkpoint's own task, else any Sudoku. */
        default TaskName defaultTask() {
            return TaskName.parse("sudoku");
        }
    }

    /** --solver csp: the solvers that never fail — CSP search, BFS, repeated squaring. */
    static final class ClassicalMode implements Mode {
        private final CspSolver solver;
        private long nodes;
        private long backtracks;
        private long cellsVisited;
        private long compositions;
        private TaskName.Family family = TaskName.Family.SUDOKU;

        ClassicalMode(VariableOrder order) {
            this.solver = new CspSolver(order);
        }

        @Override
        public void check(TaskName task) {
            family = task.family();
        }

        @Override
        public String describe(TaskName task) {
            switch (task.family()) {
                case MAZE: return "bfs";
                case POINTER: return "repeated squaring";
                default: return "csp (" + solver.order().name().toLowerCase(Locale.ROOT) + ")";
            }
        }

        @Override
        public String work() {
            switch (family) {
                case MAZE: return String.format(Locale.ROOT, "%d cells visited", cellsVisited);
                case POINTER: return String.format(Locale.ROOT, "%d compositions of the pointer function", compositions);
                default: return String.format(Locale.ROOT, "%d nodes, %d backtracks", nodes, backtracks);
            }
        }

        @Override
        public Outcome solve(TaskName task, String text) {
            switch (task.family()) {
                case MAZE: return maze(task, text);
                case POINTER: return pointer(text);
                default:
                    CspInput in = CspInput.read(task, text);
                    SolverResult r = solver.solve(in.csp());
                    nodes += r.nodes();
                    backtracks += r.backtracks();
                    return r.solved()
                            ? new Outcome(in.format(r.first()), true, null)
                            : new Outcome(in.format(in.givens()), false, "no solution");
            }
        }

        private Outcome maze(TaskName task, String text) {
            Maze m = Maze.parse(text);
            if (task.size() > 0 && m.size() != task.size()) {
                throw new BadInputException("expected a " + task.size() + "×" + task.size() + " maze but got "
                        + m.size() + "×" + m.size() + ".");
            }
            int[] path = GridPaths.shortestPath(m.open(), m.size(), m.start(), m.goal());
            // BFS runs until its queue is empty: it visits every cell reachable from S.
            for (int d : GridPaths.distances(m.open(), m.size(), m.start())) {
                cellsVisited += d >= 0 ? 1 : 0;
            }
            boolean[] marked = new boolean[m.size() * m.size()];
            for (int cell : path) {
                marked[cell] = true;
            }
            return path.length == 0
                    ? new Outcome(m.format(), false, "G cannot be reached from S")
                    : new Outcome(m.format(marked), true, null);
        }

        private Outcome pointer(String text) {
            PointerPuzzle p = PointerPuzzle.parse(text);
            // Repeated squaring composes f with itself once per bit of k after the first.
            compositions += p.hops() > 0 ? 31 - Integer.numberOfLeadingZeros(p.hops()) : 0;
            return new Outcome(Integer.toString(p.answer()), true, null);
        }
    }

    /** --solver greedy: the greedy committing decoder, on the CSP tasks. */
    static final class GreedyMode implements Mode {
        private final GreedyDecoder decoder;
        private long committed;

        GreedyMode(VariableOrder order) {
            this.decoder = new GreedyDecoder(order);
        }

        @Override
        public void check(TaskName task) {
            if (!task.family().hasConstraints()) {
                throw new BadInputException("--solver greedy works on sudoku, queens, futoshiki and logic puzzles, not "
                        + task + ".");
            }
        }

        @Override
        public String describe(TaskName task) {
            return "greedy (" + decoder.order().name().toLowerCase(Locale.ROOT) + ")";
        }

        @Override
        public String work() {
            return String.format(Locale.ROOT, "%d values committed, none taken back", committed);
        }

        @Override
        public Outcome solve(TaskName task, String text) {
            CspInput in = CspInput.read(task, text);
            GreedyDecoder.Result r = decoder.decode(in.csp());
            String note = r.solved() ? null
                    : r.deadEnd() < 0 ? "the givens leave no completion"
                    : "dead end at " + in.describeVariable().apply(r.deadEnd()) + " after " + r.steps() + " values committed";
            committed += r.steps();
            return new Outcome(in.format(r.values()), r.solved(), note);
        }
    }

    /**
     * A Sudoku, N-Queens, Futoshiki or logic grid puzzle read as a CSP, with how to print an
     * assignment of it and how to name a variable in a message.
     */
    record CspInput(Csp csp, int[] givens, IntFunction<String> describeVariable, Function<int[], String> formatter) {

        String format(int[] values) {
            return formatter.apply(values);
        }

        static CspInput read(TaskName task, String text) {
            if (task.family() == TaskName.Family.FUTOSHIKI) {
                Futoshiki f = Futoshiki.parse(text);
                if (task.size() > 0 && f.n() != task.size()) {
                    throw new BadInputException("expected a " + task.size() + "×" + task.size() + " Futoshiki but got "
                            + f.n() + "×" + f.n() + ".");
                }
                FutoshikiCsp csp = new FutoshikiCsp(f);
                int side = f.side();
                return new CspInput(csp, givensOf(csp), v -> "row " + (v / side / 2 + 1) + " column " + (v % side / 2 + 1),
                        values -> csp.toBoard(values).format());
            }
            if (task.family() == TaskName.Family.LOGIC) {
                LogicGrid g = LogicGrid.parse(text);
                if (task.size() > 0 && g.houses() != task.size()) {
                    throw new BadInputException("expected a logic grid of " + task.size() + " houses but got "
                            + g.houses() + ".");
                }
                LogicGridCsp csp = new LogicGridCsp(g, g.clues().size());
                return new CspInput(csp, givensOf(csp), g::name, values -> g.formatHouses(csp.housesOf(values)));
            }
            if (task.family() == TaskName.Family.QUEENS) {
                Queens q = Queens.parse(text);
                if (task.size() > 0 && q.n() != task.size()) {
                    throw new BadInputException("expected a " + task.size() + "×" + task.size() + " board but got "
                            + q.n() + "×" + q.n() + ".");
                }
                return new CspInput(new QueensCsp(q), q.columns(), v -> "row " + (v + 1),
                        values -> new Queens(q.n(), values).format());
            }
            Sudoku s = task.size() > 0 ? Sudoku.parse(text, Sudoku.Shape.of(task.size())) : Sudoku.parse(text);
            SudokuCsp csp = new SudokuCsp(s);
            int n = s.size();
            int[] givens = new int[n * n];
            for (int i = 0; i < givens.length; i++) {
                givens[i] = s.cell(i) - 1;
            }
            return new CspInput(csp, givens, v -> "row " + (v / n + 1) + " column " + (v % n + 1),
                    values -> csp.toGrid(values).toLine());
        }
    }

    private static int[] givensOf(Csp csp) {
        int[] g = new int[csp.variableCount()];
        for (int x = 0; x < g.length; x++) {
            g[x] = csp.given(x);
        }
        return g;
    }

    /** Counts for the summary line. */
    private static final class Tally {
        int answered;
        int solved;
        int rejected;

        void add(Outcome o) {
            answered++;
            solved += o.solved() ? 1 : 0;
        }

        String summary(String mode, String work, double seconds) {
            String s = String.format(Locale.ROOT, "%s: solved %d of %d puzzles; %s; %.3f s", mode, solved, answered,
                    work, seconds);
            return rejected == 0 ? s : s + "; " + rejected + (rejected == 1 ? " puzzle" : " puzzles") + " rejected";
        }
    }
}
