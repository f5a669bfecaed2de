package org.depthlab.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The native libraries a sandboxed JVM needs, and only those — so that the sandbox can mount
 * them one by one instead of the whole system library folder, and hide the JDK's others.
 *
 * <p>Why it matters. {@code System.load} loads any shared library the process can read, and
 * a class of the submission whose {@code native} methods are named like a library's JNI
 * functions can then call them with arguments of its choosing. With the system library folder
 * mounted (some 1,700 files on Debian) and every library of the JDK — among them the
 * Serviceability Agent's {@code libsaproc}, which reads another process's memory through
 * {@code ptrace} — that is a great deal of native code within reach of a submission. The
 * JVM itself needs a handful.
 *
 * <p>How. The JDK's own libraries that {@code java.base} uses are named in {@link #JDK}
 * (checked by the grader's probe: a sandbox that lacks one does not start, and is refused);
 * the system libraries are what those need, read from their ELF dynamic sections
 * ({@code DT_NEEDED}, transitively) — the same list the dynamic loader resolves — plus the
 * loader itself ({@code PT_INTERP} of {@code bin/java}). The fields read are those of the ELF
 * specification (Tool Interface Standard, "Executable and Linking Format", version 1.2:
 * program headers and the dynamic section), for 32- and 64-bit files of either byte order.
 */
final class NativeLibraries {

    /** The JDK's libraries the sandboxed JVMs load: those of {@code java.base}, and the JVM. */
    static final Set<String> JDK = Set.of("libjvm.so", "libjsig.so", "libjli.so", "libjava.so", "libjimage.so",
            "libjsvml.so", "libnet.so", "libnio.so", "libverify.so", "libzip.so", "libsyslookup.so");

    /**
     * What the sandbox needs of the machine's native code.
     *
     * @param system the system libraries, as the paths the loader finds them at, and the loader
     * @param hidden the JDK's other libraries, which the sandbox covers with an empty file
     */
    record Needed(List<Path> system, List<Path> hidden) {
    }

    private NativeLibraries() {
    }

    /** The libraries of the JDK at {@code javaHome} and of the system, looked up in {@code folders}. */
    static Needed of(Path javaHome, List<Path> folders) {
        List<Path> jdk = new ArrayList<>();
        List<Path> hidden = new ArrayList<>();
        try (Stream<Path> files = Files.walk(javaHome.resolve("lib"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().toList()) {
                (JDK.contains(f.getFileName().toString()) ? jdk : hidden).add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the JDK's libraries in " + javaHome, e);
        }
        Path launcher = javaHome.resolve("bin").resolve("java");
        Set<Path> system = new LinkedHashSet<>();
        interpreter(launcher).ifPresent(system::add);
        Deque<Path> todo = new ArrayDeque<>(jdk);
        todo.add(launcher);
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            for (String name : needed(todo.pop())) {
                if (seen.add(name) && jdk.stream().noneMatch(j -> j.getFileName().toString().equals(name))) {
                    Path found = folders.stream().map(d -> d.resolve(name)).filter(Files::isRegularFile).findFirst()
                            .orElseThrow(() -> new IllegalStateException("the JDK needs " + name + ", which is in none of "
                                    + folders));
                    system.add(found);
                    todo.add(found);
                }
            }
        }
        return new Needed(List.copyOf(system), List.copyOf(hidden));
    }

    /** The names an ELF file needs ({@code DT_NEEDED} of its dynamic section); empty for a static file. */
    static List<String> needed(Path file) {
        Elf elf = Elf.read(file);
        List<String> names = new ArrayList<>();
        Optional<long[]> dynamic = elf.segment(PT_DYNAMIC);
        if (dynamic.isEmpty()) {
            return names;
        }
        long offset = dynamic.get()[0];
        long size = dynamic.get()[1];
        int entry = elf.wide ? 16 : 8;
        long strtab = -1;
        List<Long> neededOffsets = new ArrayList<>();
        for (long at = offset; at + entry <= offset + size; at += entry) {
            long tag = elf.word(at);
            long value = elf.word(at + entry / 2);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                neededOffsets.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = elf.fileOffset(value);
            }
        }
        if (strtab < 0) {
            throw new IllegalStateException(file + " has a dynamic section without a string table");
        }
        for (long o : neededOffsets) {
            names.add(elf.string(strtab + o));
        }
        return names;
    }

    /** The dynamic loader an executable names ({@code PT_INTERP}), if it names one. */
    static Optional<Path> interpreter(Path executable) {
        Elf elf = Elf.read(executable);
        return elf.segment(PT_INTERP).map(s -> Path.of(elf.string(s[0])));
    }

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;

    /** Just enough of an ELF file (32 or 64 bits, either byte order) to follow its program headers. */
    private static final class Elf {
        final ByteBuffer bytes;
        final boolean wide;

        private Elf(ByteBuffer bytes, boolean wide) {
            this.bytes = bytes;
            this.wide = wide;
        }

        static Elf read(Path file) {
            byte[] all;
            try {
                all = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (all.length < 52 || all[0] != 0x7f || all[1] != 'E' || all[2] != 'L' || all[3] != 'F') {
                throw new IllegalStateException(file + " is not an ELF file");
            }
            ByteBuffer b = ByteBuffer.wrap(all).order(all[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            return new Elf(b, all[4] == 2);
        }

        /** A 4-byte or 8-byte word, as the file's class has it. */
        long word(long at) {
            return wide ? bytes.getLong((int) at) : Integer.toUnsignedLong(bytes.getInt((int) at));
        }

        /** {offset, size} in the file of the first program header of this type. */
        Optional<long[]> segment(int type) {
            long phoff = wide ? bytes.getLong(0x20) : Integer.toUnsignedLong(bytes.getInt(0x1C));
            int phentsize = Short.toUnsignedInt(bytes.getShort(wide ? 0x36 : 0x2A));
            int phnum = Short.toUnsignedInt(bytes.getShort(wide ? 0x38 : 0x2C));
            for (int i = 0; i < phnum; i++) {
                int h = (int) (phoff + (long) i * phentsize);
                if (bytes.getInt(h) == type) {
                    return Optional.of(wide ? new long[] {bytes.getLong(h + 8), bytes.getLong(h + 32)}
                            : new long[] {Integer.toUnsignedLong(bytes.getInt(h + 4)), Integer.toUnsignedLong(bytes.getInt(h + 16))});
                }
            }
            return Optional.empty();
        }

        /** The file offset of a virtual address, through the loadable segment that maps it. */
        long fileOffset(long address) {
            long phoff = wide ? bytes.getLong(0x20) : Integer.toUnsignedLong(bytes.getInt(0x1C));
            int phentsize = Short.toUnsignedInt(bytes.getShort(wide ? 0x36 : 0x2A));
            int phnum = Short.toUnsignedInt(bytes.getShort(wide ? 0x38 : 0x2C));
            for (int i = 0; i < phnum; i++) {
                int h = (int) (phoff + (long) i * phentsize);
                if (bytes.getInt(h) != PT_LOAD) {
                    continue;
                }
                long offset = wide ? bytes.getLong(h + 8) : Integer.toUnsignedLong(bytes.getInt(h + 4));
                long vaddr = wide ? bytes.getLong(h + 16) : Integer.toUnsignedLong(bytes.getInt(h + 8));
                long filesz = wide ? bytes.getLong(h + 32) : Integer.toUnsignedLong(bytes.getInt(h + 16));
                if (address >= vaddr && address < vaddr + filesz) {
                    return address - vaddr + offset;
                }
            }
            throw new IllegalStateException("the address " + address + " is in no loadable segment");
        }

        /** The NUL-terminated string at a file offset. */
        String string(long at) {
            int end = (int) at;
            while (bytes.get(end) != 0) {
                end++;
            }
            byte[] s = new byte[end - (int) at];
            bytes.get((int) at, s);
            return new String(s, StandardCharsets.UTF_8);
        }
    }
}
