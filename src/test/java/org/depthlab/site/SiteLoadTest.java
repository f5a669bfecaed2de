package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.depthlab.exercises.GradingQueue;
import org.depthlab.exercises.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads on loopback, each asserting behaviour — every request answered, nobody starved — with
 * bounds generous enough for a busy two-core machine, and each over in seconds:
 *
 * <ul>
 *   <li>200 page loads and 20 submissions at once from 20 sessions: every page answers,
 *       every submission gets a verdict, every verdict is stored;</li>
 *   <li>one session flooding Java jobs that never end (each runs to its time limit): another
 *       session's answer is graded at once and its Java job starts as soon as a worker is
 *       free — within one job's time limit;</li>
 *   <li>300 connections sending request bodies one byte a second: the home page keeps
 *       answering within a second;</li>
 *   <li>a 10 MB chunked body: 413 once 100 KB have arrived, long before the rest is sent, and
 *       the server keeps none of it.</li>
 * </ul>
 */
class SiteLoadTest {

    private static final String CODE = "final class Norm { static double apply(double x) { return x; } }";

    @Test
    void everyConcurrentSubmissionGetsAVerdictAndEveryVerdictIsStored(@TempDir Path data) throws Exception {
        LocalQueue queue = new LocalQueue(2, 32, (e, a) -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return SiteTesting.grade(e, a);
        });
        try (Site site = Site.start(SiteTesting.config(data, 100, 1000), queue)) {
            List<SiteTesting.Client> sessions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                SiteTesting.Client c = new SiteTesting.Client(site);
                // One request first, so that the concurrent ones below all carry this session's cookie.
                assertEquals(200, c.get("/").statusCode());
                sessions.add(c);
            }
            String[] pages = {"/", "/exercises/hrm-depth", "/exercises/rms-norm", "/chapters/01-depth",
                "/demo/sudoku?puzzle=1...........2..3", "/api/exercises", "/static/site.css", "/progress"};
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                List<Future<Integer>> loads = new ArrayList<>();
                List<Future<String>> submitted = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    SiteTesting.Client c = sessions.get(i % sessions.size());
                    String page = pages[i % pages.length];
                    loads.add(pool.submit(() -> c.get(page).statusCode()));
                    if (i % 10 == 0) {
                        int k = i / 10;
                        Callable<String> submit = () -> {
                            // Even submissions are numeric answers (graded at once), odd ones Java code (queued).
                            HttpResponse<String> r = k % 2 == 0
                                    ? c.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": " + (k % 4 == 0 ? 6 : 100 + k) + "}")
                                    : c.postJson("/api/exercises/rms-norm/submissions", "{\"code\": \""
                                            + (k % 4 == 1 ? CODE : CODE.replace("return x;", "return 0;")) + "\"}");
                            assertEquals(k % 2 == 0 ? 201 : 202, r.statusCode(), r.body());
                            return SiteTesting.json(r).path("id").asText();
                        };
                        submitted.add(pool.submit(submit));
                    }
                }
                for (Future<Integer> f : loads) {
                    assertEquals(200, f.get());
                }
                assertEquals(20, submitted.size());
                for (int k = 0; k < submitted.size(); k++) {
                    String id = submitted.get(k).get();
                    JsonNode s = sessions.get((k * 10) % sessions.size()).awaitVerdict(id);
                    assertEquals("done", s.path("state").asText());
                    assertEquals(k % 4 == 0 || k % 4 == 1, s.path("verdict").path("passed").asBoolean(), "submission " + k);
                    Store.Submission stored = site.store().find(id).orElseThrow();
                    assertEquals(Store.State.DONE, stored.state());
                    assertTrue(stored.verdict().status() == Verdict.Status.PASSED
                            || stored.verdict().status() == Verdict.Status.FAILED);
                }
                assertEquals(Map.of(Store.State.DONE, 20), site.store().counts());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A session floods the site with Java jobs that never end — each is stopped at its time
     * limit, as the sandbox stops it. It may have two in flight (the rest are refused with
     * 429), and meanwhile another session's numeric answer is graded at once and its Java job
     * is taken as soon as one of the flood's jobs reaches its limit: no other flood job starts
     * before it (one may, when both of the flood's jobs end at the same moment).
     */
    @Test
    void oneSessionsFloodOfEndlessJobsDelaysNoOneElse(@TempDir Path data) throws Exception {
        long limitMillis = 2_000;
        List<String> starts = new CopyOnWriteArrayList<>();
        QueueGrading grading = new QueueGrading((e, s) -> {
            String who = String.join("", s.files().values()).contains("flood") ? "flood" : "mine";
            starts.add(who);
            try {
                Thread.sleep(limitMillis); // a job that never ends, stopped at its time limit
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Verdict.of(Verdict.Status.TIMEOUT, "The tests did not finish in time.", "");
        }, new GradingQueue.Config(2, 32, 2));
        try (Site site = Site.start(SiteTesting.config(data, 10_000, 10_000), grading)) {
            SiteTesting.Client flooder = new SiteTesting.Client(site);
            SiteTesting.Client other = new SiteTesting.Client(site);
            String flood = "{\"code\": \"// flood\\n" + CODE + "\"}";
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Integer> unexpected = new CopyOnWriteArrayList<>();
            Thread floodThread = new Thread(() -> {
                while (flooding.get()) {
                    int status = flooder.postJson("/api/exercises/rms-norm/submissions", flood).statusCode();
                    if (status == 202) {
                        accepted.incrementAndGet();
                    } else if (status == 429) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(status);
                    }
                    sleep(20);
                }
            }, "flooder");
            floodThread.start();
            try {
                awaitCondition(() -> starts.size() >= 2, 30_000, "the flood's first two jobs start");
                // An answer waits for nobody.
                HttpResponse<String> answer = other.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 6}");
                assertEquals(201, answer.statusCode(), answer.body());
                assertTrue(SiteTesting.json(answer).path("verdict").path("passed").asBoolean(), answer.body());
                // A Java job starts at the next free worker.
                int before = starts.size();
                long submitted = System.nanoTime();
                HttpResponse<String> mine = other.postJson("/api/exercises/rms-norm/submissions", "{\"code\": \"" + CODE + "\"}");
                assertEquals(202, mine.statusCode(), mine.body());
                awaitCondition(() -> starts.contains("mine"), limitMillis + 60_000, "the other session's job starts");
                long waitedMillis = (System.nanoTime() - submitted) / 1_000_000;
                long floodStartsBefore = starts.subList(Math.min(before, starts.indexOf("mine")), starts.indexOf("mine")).stream()
                        .filter("flood"::equals).count();
                assertTrue(floodStartsBefore <= 1, "the flood's jobs went first: " + starts);
                assertTrue(waitedMillis < limitMillis + 30_000, "waited " + waitedMillis + " ms for one job's limit");
                assertTrue(refused.get() > 0, "the flood beyond two jobs in flight is refused");
                assertEquals(List.of(), unexpected, "the flood is accepted (202) or refused with 429, nothing else");
            } finally {
                flooding.set(false);
                floodThread.join(10_000);
            }
        }
    }

    /**
     * 300 connections each send a request body one byte a second (the server reads at most a
     * few dozen at once and refuses the others with 503; a refused one reconnects). The home
     * page keeps answering: every load gets 200, the typical one within a second.
     */
    @Test
    void theHomePageAnswersWhileThreeHundredConnectionsTrickleBodies(@TempDir Path data) throws Exception {
        try (Site site = SiteTesting.start(data)) {
            List<Trickle> trickles = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                trickles.add(new Trickle(site.port()));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sender = new Thread(() -> {
                while (running.get()) {
                    for (Trickle t : trickles) {
                        t.tick();
                    }
                    sleep(1_000);
                }
            }, "trickle");
            sender.start();
            try {
                sleep(1_500); // every connection has sent its headers and a byte or two
                SiteTesting.Client c = new SiteTesting.Client(site);
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    long t0 = System.nanoTime();
                    // A starved server would never answer: ten seconds is "not answered".
                    HttpResponse<String> home = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(c.base + "/"))
                            .timeout(java.time.Duration.ofSeconds(10)).GET().build());
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    assertEquals(200, home.statusCode());
                    sleep(200);
                }
                Collections.sort(millis);
                assertTrue(millis.get(millis.size() / 2) <= 1_000, "home page loads took " + millis + " ms");
                assertTrue(trickles.stream().mapToInt(t -> t.connections).sum() >= 300, "all trickles connected");
            } finally {
                running.set(false);
                sender.join(10_000);
                trickles.forEach(Trickle::close);
            }
        }
    }

    /**
     * A chunked body of 10 MB (no Content-Length to refuse in advance), sent at a steady 3 MB/s,
     * gets 413 long before it is all sent: the server stops at 100 KB instead of reading the
     * rest, and its heap is as it was.
     */
    @Test
    void aTenMegabyteChunkedBodyIs413AndIsNotRead(@TempDir Path data) throws Exception {
        try (Site site = SiteTesting.start(data)) {
            long heapBefore = heapAfterGc();
            long total = 10L * 1024 * 1024;
            AtomicLong sent = new AtomicLong();
            AtomicBoolean answered = new AtomicBoolean();
            String status;
            long sentWhenAnswered;
            try (Socket socket = new Socket("127.0.0.1", site.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/exercises/hrm-depth/submissions HTTP/1.1\r\nHost: 127.0.0.1:" + site.port()
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Thread writer = new Thread(() -> {
                    byte[] chunk = ("10000\r\n" + "1".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    try {
                        while (sent.get() < total && !answered.get()) {
                            out.write(chunk);
                            sent.addAndGet(0x10000);
                            sleep(20); // 64 KB every 20 ms
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // the server closed the connection: it stopped reading
                    }
                }, "chunked-writer");
                writer.start();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                status = in.readLine();
                sentWhenAnswered = sent.get();
                answered.set(true);
                writer.join(60_000);
            }
            assertTrue(status != null && status.contains(" 413 "), "status line: " + status);
            assertTrue(sentWhenAnswered < total, "the server answered only when the whole body was in");
            long heapAfter = heapAfterGc();
            assertTrue(heapAfter - heapBefore < 8L * 1024 * 1024,
                    "the heap grew by " + (heapAfter - heapBefore) / 1024 + " KB");
        }
    }

    /** A connection that sends a request body one byte per {@link #tick}, and connects again when the server closes it. */
    private static final class Trickle {
        private final int port;
        private Socket socket;
        int connections;

        Trickle(int port) {
            this.port = port;
            tick();
        }

        void tick() {
            try {
                if (socket == null) {
                    socket = new Socket("127.0.0.1", port);
                    connections++;
                    socket.getOutputStream().write(("POST /api/exercises/hrm-depth/submissions HTTP/1.1\r\nHost: 127.0.0.1:"
                            + port + "\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                socket.getOutputStream().write('1');
                if (socket.getInputStream().available() > 0) {
                    close(); // answered (503: the server reads enough bodies already): try again next time
                }
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }

    private static long heapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, long millis, String what) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + ": not within " + millis + " ms");
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
