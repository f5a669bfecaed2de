package org.depthlab.exercises;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drains one output stream of a sandboxed process to its end, so that the process never
 * blocks on a full pipe, and keeps only what grading needs: the first {@code maxText} bytes as
 * text to show, and the last few lines that start with a given prefix (the runner's signed
 * report), each up to {@link #MAX_LINE} bytes. Everything else is counted and dropped — ten megabytes
 * of output cost no memory.
 */
final class CapturedStream implements Runnable {

    /** Longest prefixed line kept; a report is far shorter. */
    static final int MAX_LINE = 4 * 1024 * 1024;
    private static final int MAX_LINES = 8;

    private final InputStream in;
    private final int maxText;
    private final byte[] prefix;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private long dropped;

    CapturedStream(InputStream in, int maxText, String prefix) {
        this.in = in;
        this.maxText = maxText;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean candidate = true;
        int inLine = 0;
        byte[] buf = new byte[8192];
        try (in) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (text.size() < maxText) {
                        text.write(b);
                    } else {
                        dropped++;
                    }
                    if (b == '\n') {
                        if (candidate && inLine >= prefix.length) {
                            addLine(line.toString(StandardCharsets.UTF_8));
                        }
                        line.reset();
                        candidate = true;
                        inLine = 0;
                        continue;
                    }
                    if (candidate) {
                        if ((inLine < prefix.length && b != prefix[inLine]) || line.size() >= MAX_LINE) {
                            candidate = false;
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                    inLine++;
                }
            }
        } catch (IOException e) {
            // The process was killed and its pipe closed under us: what was read is kept.
        }
    }

    private synchronized void addLine(String l) {
        if (lines.size() == MAX_LINES) {
            lines.remove(0);
        }
        lines.add(l);
    }

    /**
     * The last lines that started with the prefix, in order (call after the stream ended). The
     * last are kept, not the first: the runner's report is the last line it writes, so lines
     * printed before it cannot crowd it out.
     */
    synchronized List<String> prefixedLines() {
        return List.copyOf(lines);
    }

    /** The kept text without the prefixed lines, and a note of how much was dropped. */
    synchronized String text() {
        String p = new String(prefix, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (String l : text.toString(StandardCharsets.UTF_8).split("\n", -1)) {
            if (!l.startsWith(p)) {
                b.append(l).append('\n');
            }
        }
        String kept = b.toString().strip();
        return dropped == 0 ? kept : kept + "\n[... " + dropped + " more bytes of output dropped]";
    }

    /** Starts draining on a daemon thread. */
    Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while reading a sandboxed process's output", e));
        }
    }
}
