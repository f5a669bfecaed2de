package org.depthlab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.depthlab.cli.Main;

/**
 * The process transcripts run in ({@link TranscriptSession}): started in the folder the
 * commands' relative paths are read from (a scratch folder for the README's {@code data/s6},
 * {@code runs/dec6}), it runs each command of a JSON list through {@link Main#run} in turn
 * and prints what the command printed, one line per line, tagged {@code O } (standard output)
 * or {@code E } (standard error) in the order they were printed, between {@code \u0001CMD i}
 * and {@code \u0001EXIT code} markers. One writer receives both streams, so the order is the
 * terminal's.
 */
final class TranscriptChild {

    static final String COMMAND = "\u0001CMD ";
    static final String EXIT = "\u0001EXIT ";

    private TranscriptChild() {
    }

    public static void main(String[] argv) throws IOException {
        JsonNode commands = new ObjectMapper().readTree(Files.readString(Path.of(argv[0])));
        PrintStream sink = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (int i = 0; i < commands.size(); i++) {
            JsonNode c = commands.get(i);
            List<String> args = new ArrayList<>();
            c.get("args").forEach(a -> args.add(a.asText()));
            sink.println(COMMAND + i);
            Writer stdout = c.hasNonNull("redirect")
                    ? Files.newBufferedWriter(Path.of(c.get("redirect").asText()), StandardCharsets.UTF_8)
                    : new Tagging(sink, 'O');
            Tagging stderr = new Tagging(sink, 'E');
            int code;
            try (PrintWriter out = new PrintWriter(stdout, true); PrintWriter err = new PrintWriter(stderr, true)) {
                code = Main.run(args.toArray(String[]::new), out, err);
            }
            sink.println(EXIT + code);
        }
        sink.flush();
        System.exit(0);
    }

    /** Passes complete lines to the sink, each with its stream's tag. */
    private static final class Tagging extends Writer {
        private final PrintStream sink;
        private final char tag;
        private final StringBuilder line = new StringBuilder();

        Tagging(PrintStream sink, char tag) {
            this.sink = sink;
            this.tag = tag;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            synchronized (sink) {
                for (int k = off; k < off + len; k++) {
                    char ch = chars[k];
                    if (ch == '\n') {
                        sink.println(tag + " " + line);
                        line.setLength(0);
                    } else if (ch != '\r') {
                        line.append(ch);
                    }
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            synchronized (sink) {
                if (line.length() > 0) {
                    sink.println(tag + " " + line);
                    line.setLength(0);
                }
            }
        }
    }
}
