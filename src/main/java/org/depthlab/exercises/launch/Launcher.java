package org.depthlab.exercises.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The first class of the sandboxed test JVM, and the only one on its class path: it makes the
 * runner and JUnit one <em>named module</em>, {@value #MODULE}, that opens none of its packages,
 * and starts the runner in it.
 *
 * <p>Why a module. Student code and the runner share one JVM. On the class path everything is
 * in the unnamed module, whose packages are open to all: the student's code could reach any
 * runner or JUnit field by reflection ({@code setAccessible}, {@code privateLookupIn}) and,
 * for instance, rewrite the table that maps a test's status to "passed". In a named module
 * that does not open a package, {@code setAccessible} on its non-public members throws
 * {@link java.lang.reflect.InaccessibleObjectException} for code of every other module
 * (strong encapsulation, JEP 403), and a package it does not export cannot be used at all.
 * The module exports only what the hidden tests are compiled against — JUnit Jupiter's API,
 * opentest4j and apiguardian — and nothing of the runner or of JUnit's engine.
 *
 * <p>Why built here. JUnit's own jars carry module descriptors, but depthlab ships as one
 * jar and the grader copies the classes it needs out of it ({@code SandboxRuntime}), so the
 * descriptor is written here with {@link ModuleDescriptor.Builder} and the folder read through
 * a small {@link ModuleReader}; {@link ModuleLayer#defineModulesWithOneLoader} does the rest.
 * Only public API of {@code java.lang.module} is used.
 *
 * <p>Usage (inside the sandbox): {@code Launcher MODULE_FOLDER RUNNER_ARGS…}; the runner's
 * {@code main} receives the other arguments and the JVM's standard input.
 */
public final class Launcher {

    /** The name of the runner's module. */
    public static final String MODULE = "depthlab.grading";

    /** The runner's entry point, in the module. */
    static final String RUNNER = "org.depthlab.exercises.runner.TestRunner";

    /** Packages the hidden tests use, exported to every module: JUnit Jupiter's API and what it is annotated with. */
    static final List<String> EXPORTED = List.of("org.junit.jupiter.api", "org.opentest4j", "org.apiguardian.api",
            "org.junit.platform.commons.annotation");

    /** The service types JUnit looks up with ServiceLoader (its modules declare them with "uses"). */
    static final List<String> SERVICES = List.of("org.junit.platform.engine.TestEngine",
            "org.junit.platform.launcher.LauncherDiscoveryListener", "org.junit.platform.launcher.LauncherInterceptor",
            "org.junit.platform.launcher.LauncherSessionListener", "org.junit.platform.launcher.PostDiscoveryFilter",
            "org.junit.platform.launcher.TestExecutionListener", "org.junit.platform.commons.support.scanning.ClasspathScanner",
            "org.junit.platform.engine.discovery.DiscoverySelectorIdentifierParser",
            "org.junit.jupiter.api.extension.Extension");

    private Launcher() {
    }

    /** Defines the module and runs the runner's main with the remaining arguments. */
    public static void main(String[] args) throws Throwable {
        Path folder = Path.of(args[0]);
        ModuleLayer layer = layer(folder);
        Class<?> runner = layer.findLoader(MODULE).loadClass(RUNNER);
        try {
            runner.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A layer above the boot layer with one module, {@value #MODULE}, made of the classes in
     * {@code folder}; its class loader delegates to the platform class loader (the JDK), not
     * to the class path.
     */
    static ModuleLayer layer(Path folder) {
        ModuleDescriptor descriptor = descriptor(packages(folder));
        ModuleReference reference = new ModuleReference(descriptor, folder.toUri()) {
            @Override
            public ModuleReader open() {
                return new FolderReader(folder);
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(MODULE) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration,
                List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
        Module module = controller.layer().findModule(MODULE).orElseThrow();
        // Only this launcher (the class path's unnamed module) may call the runner's main.
        controller.addExports(module, RUNNER.substring(0, RUNNER.lastIndexOf('.')), Launcher.class.getModule());
        return controller.layer();
    }

    /**
     * The module's descriptor: every package of the folder, the JUnit API packages (and their
     * sub-packages) exported, nothing opened; it reads {@code java.base} and
     * {@code java.logging} (JUnit logs through it), nothing else.
     */
    static ModuleDescriptor descriptor(Set<String> packages) {
        ModuleDescriptor.Builder b = ModuleDescriptor.newModule(MODULE).requires("java.logging").packages(packages);
        for (String p : packages) {
            if (EXPORTED.stream().anyMatch(e -> p.equals(e) || p.startsWith(e + "."))) {
                b.exports(p);
            }
        }
        SERVICES.forEach(b::uses);
        return b.build();
    }

    /** The packages of the class files under {@code folder}. */
    static Set<String> packages(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".class") && f.getParent() != null && !f.getParent().equals(folder))
                    .map(f -> folder.relativize(f.getParent()).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runner's classes in " + folder, e);
        }
    }

    /** Reads a module's classes and resources from a folder. */
    private static final class FolderReader implements ModuleReader {
        private final Path root;

        FolderReader(Path root) {
            this.root = root;
        }

        @Override
        public Optional<URI> find(String name) {
            Path p = root.resolve(name).normalize();
            return p.startsWith(root) && Files.isRegularFile(p) ? Optional.of(p.toUri()) : Optional.empty();
        }

        @Override
        public Stream<String> list() throws IOException {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).toList().stream();
            }
        }

        @Override
        public void close() {
        }
    }
}
