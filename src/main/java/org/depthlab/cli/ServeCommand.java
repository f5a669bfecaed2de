package org.depthlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.depthlab.BadInputException;
import org.depthlab.ProjectFolder;
import org.depthlab.exercises.Grader;
import org.depthlab.io.IoErrors;
import org.depthlab.exercises.GradingQueue;
import org.depthlab.site.QueueGrading;
import org.depthlab.site.Site;
import org.depthlab.site.SiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depthlab serve}: the exercise site on this machine (see {@link Site}). It prints the
 * address and runs until stopped (Ctrl-C), which closes the database cleanly; a kill loses no
 * recorded verdict either.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the course site on this machine.",
            "The book's chapters, the exercises with grading and your progress, and the",
            "Sudoku demo. Prints the address; Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "7070", paramLabel = "PORT",
            description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "address to listen on (default ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--data", paramLabel = "DIR",
            description = "where progress is stored (default: .depthlab in your home folder)")
    Path data;

    @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises (default: exercises/ of the project)")
    Path exercises;

    @Option(names = "--book", paramLabel = "DIR", description = "the book's chapters (default: book/ of the project)")
    Path book;

    @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "trained checkpoints to show in the Sudoku demo and on the runs page (a checkpoint, or a folder of them)")
    Path checkpoints;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = {"a host name the site is reached by (repeatable); requests naming another are refused.",
                "Default: the --host address, and localhost for a loopback one; needed with --host 0.0.0.0"})
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--jobs-per-session", defaultValue = "2", paramLabel = "N",
            description = "Java submissions one visitor may have waiting or being graded at once (default ${DEFAULT-VALUE})")
    int jobsPerSession;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be between 0 and 65535, not " + port + ".");
        }
        if (jobsPerSession < 1) {
            throw new BadInputException("--jobs-per-session must be at least 1, not " + jobsPerSession + ".");
        }
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        if (wildcard && allowedHosts.isEmpty()) {
            throw new BadInputException("with --host " + host + " the site answers on every address; name the host names "
                    + "its visitors use with --allowed-host (for example --allowed-host course.example.org).");
        }
        List<String> names = new ArrayList<>(allowedHosts);
        if (!wildcard) {
            SiteConfig.defaultHostNames(host).stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
        Path root = ProjectFolder.root();
        Path dataDir = data != null ? data : Path.of(System.getProperty("user.home"), ".depthlab");
        SiteConfig config = new SiteConfig(host, port, dataDir,
                exercises != null ? exercises : root.resolve("exercises"),
                book != null ? book : root.resolve("book"), checkpoints, 10, 60, names);
        for (Path given : new Path[] {exercises, book, checkpoints}) {
            if (given != null && !Files.exists(given)) {
                throw IoErrors.missing(given);
            }
        }
        if (checkpoints != null && !Files.isDirectory(checkpoints)) {
            throw new BadInputException("--checkpoints " + checkpoints + " is not a folder.");
        }
        // Two workers, 32 waiting Java jobs, a few per visitor in fair turns: numeric and choice
        // answers are compared in this process at once, Java code only in the grader's sandbox.
        Site site = Site.start(config, new QueueGrading(Grader.create(), new GradingQueue.Config(2, 32, jobsPerSession)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            site.close();
            stopped.countDown();
        }, "depthlab-serve-stop"));
        System.out.println("depthlab: the site is at " + site.address() + " (data in " + dataDir + "; Ctrl-C stops it)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
