package org.depthlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.depthlab.ProjectFolder;
import org.depthlab.book.Figures;
import org.depthlab.io.AtomicFiles;
import org.depthlab.site.StaticBook;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab book build --out DIR}: the whole book as static HTML (see {@link StaticBook});
 * {@code depthlab book check}: what in the book does not resolve; {@code depthlab book figure
 * NAME}: the data of one of the book's measured figures, and with {@code --out} its SVG.
 */
@Command(name = "book",
        mixinStandardHelpOptions = true,
        description = {"Build the book as static HTML, check it, or recompute its figures.",
            "'check' lists every code marker, link and figure that does not resolve."},
        subcommands = {BookCommand.Build.class, BookCommand.Check.class, BookCommand.Figure.class,
            CommandLine.HelpCommand.class})
final class BookCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path folder(Path option, String name) {
        Path dir = option != null ? option : ProjectFolder.root().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("the " + name + " folder " + dir + " does not exist.");
        }
        return dir;
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Write the whole book as static HTML into DIR.",
                "The contents, every chapter, the references, the exercises' instructions and hints, the figures, the linked source",
                "files, a search page, and the stylesheet and scripts. Open DIR/index.html, or serve",
                "DIR with any web server."})
    static final class Build implements Callable<Integer> {

        /** The file that marks a folder as written by this command, so a rebuild may replace it. */
        static final String MARK = ".depthlab-book";

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the book")
        Path out;

        @Option(names = "--force", description = "write into DIR even if it holds other files")
        boolean force;

        @Option(names = "--book", paramLabel = "DIR", description = "the book's folder (default: book/ of the project)")
        Path book;

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises (default: exercises/ of the project)")
        Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new BadInputException("--out " + out + " is a file, not a folder.");
            }
            if (Files.isDirectory(out) && !force && !Files.exists(out.resolve(MARK)) && !isEmpty(out)) {
                throw new BadInputException("--out " + out + " already holds files that 'book build' did not write; "
                        + "choose an empty folder or add --force.");
            }
            StaticBook staticBook = new StaticBook(folder(book, "book"), folder(exercises, "exercises"));
            List<String> written = staticBook.write(out);
            AtomicFiles.writeString(out.resolve(MARK), "written by depthlab book build\n");
            PrintWriter w = spec.commandLine().getOut();
            long pages = written.stream().filter(f -> f.endsWith(".html")).count();
            w.println("depthlab: wrote the book to " + out + " (" + pages + " pages, " + written.size()
                    + " files); open " + out.resolve("index.html"));
            w.flush();
            return 0;
        }

        private static boolean isEmpty(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.findAny().isEmpty();
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"List every code marker, link and figure in the book that does not resolve.",
                "Exit 1 if there is any."})
    static final class Check implements Callable<Integer> {

        @Option(names = "--book", paramLabel = "DIR", description = "the book's folder (default: book/ of the project)")
        Path book;

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises (default: exercises/ of the project)")
        Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<String> problems = new StaticBook(folder(book, "book"), folder(exercises, "exercises")).problems();
            PrintWriter w = spec.commandLine().getOut();
            if (problems.isEmpty()) {
                w.println("the book is sound: every code marker, link and figure resolves");
            } else {
                problems.forEach(w::println);
            }
            w.flush();
            return problems.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "figure", mixinStandardHelpOptions = true,
            description = {"Compute one of the book's measured figures and print its data.",
                "With --out, also write it as SVG. Without NAME, list the figures."})
    static final class Figure implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "the figure (see 'depthlab book figure')")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "write the figure as SVG to FILE")
        Path out;

        @Option(names = "--force", description = "replace FILE if it exists")
        boolean force;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            if (name == null) {
                for (Map.Entry<String, String> f : Figures.names().entrySet()) {
                    w.println(String.format("%-16s %s", f.getKey(), f.getValue()));
                }
                w.flush();
                return 0;
            }
            Figures.Figure figure = Figures.compute(name).orElseThrow(() -> new BadInputException(
                    "there is no figure '" + name + "'; there are: " + String.join(", ", Figures.names().keySet()) + "."));
            if (out != null && Files.exists(out) && !force) {
                throw new BadInputException(out + " exists; add --force to replace it.");
            }
            w.print(figure.table());
            if (out != null) {
                AtomicFiles.writeString(out, figure.svg());
                w.println("wrote " + out);
            }
            w.flush();
            return 0;
        }
    }
}
