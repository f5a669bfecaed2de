package org.depthlab.exercises.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a submission and then the hidden tests against it, inside the sandbox. No student
 * code runs here (annotation processing is off), so what this prints can be trusted.
 *
 * <p>Usage: {@code CompileStep SRC TESTS OUT_STUDENT OUT_TESTS RUNTIME}. Exit code 0: both
 * compiled; 1: the submission does not compile (its errors printed as javac prints them, with
 * the student's own lines); 3: the submission compiles but the tests do not compile against
 * it (a missing method, a wrong signature) — then only the compiler's messages are printed,
 * never a line of the hidden tests.
 */
public final class CompileStep {

    /** Exit code: the submission itself does not compile. */
    public static final int SUBMISSION_ERRORS = 1;
    /** Exit code: the hidden tests do not compile against the submission. */
    public static final int TEST_ERRORS = 3;

    private CompileStep() {
    }

    /** Compiles; see the class comment. */
    public static void main(String[] args) throws IOException {
        Path src = Path.of(args[0]);
        Path tests = Path.of(args[1]);
        Path outStudent = Path.of(args[2]);
        Path outTests = Path.of(args[3]);
        String runtime = args[4];
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> student = new DiagnosticCollector<>();
        if (!compile(javac, student, javaFiles(src), outStudent, outStudent.toString())) {
            for (Diagnostic<? extends JavaFileObject> d : errors(student)) {
                System.out.println(withSourceLine(d));
            }
            System.exit(SUBMISSION_ERRORS);
        }
        DiagnosticCollector<JavaFileObject> hidden = new DiagnosticCollector<>();
        if (!compile(javac, hidden, javaFiles(tests), outTests, outStudent + ":" + runtime)) {
            // Each distinct message once: the same missing class is reported at every use.
            errors(hidden).stream().map(d -> "error: " + d.getMessage(Locale.ROOT)).distinct().forEach(System.out::println);
            System.exit(TEST_ERRORS);
        }
        System.exit(0);
    }

    private static boolean compile(JavaCompiler javac, DiagnosticCollector<JavaFileObject> diagnostics, List<Path> files,
                                   Path out, String classPath) throws IOException {
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-classpath", classPath, "-proc:none", "-implicit:none",
                    "-encoding", "UTF-8", "-g", "-nowarn", "-Xmaxerrs", "20", "--release", "17");
            return javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        }
    }

    private static List<Diagnostic<? extends JavaFileObject>> errors(DiagnosticCollector<JavaFileObject> c) {
        return c.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    /** Like javac: "File.java:12: error: message", the line, and a caret under the column. */
    private static String withSourceLine(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "" : Path.of(d.getSource().getName()).getFileName().toString();
        StringBuilder b = new StringBuilder(file).append(':').append(d.getLineNumber()).append(": error: ")
                .append(d.getMessage(Locale.ROOT));
        if (d.getSource() != null && d.getLineNumber() > 0) {
            try {
                List<String> lines = Files.readAllLines(Path.of(d.getSource().getName()), StandardCharsets.UTF_8);
                String line = lines.get((int) d.getLineNumber() - 1);
                b.append('\n').append(line).append('\n').append(" ".repeat((int) Math.max(0, d.getColumnNumber() - 1))).append('^');
            } catch (IOException | IndexOutOfBoundsException e) {
                // The message alone is still readable.
            }
        }
        return b.toString();
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
