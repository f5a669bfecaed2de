package org.depthlab.exercises.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of an exercise's classes: the hidden tests and the student's code, in one
 * loader so that a test may call the student's package-private classes and methods as it was
 * compiled to (a package is shared only within one loader). It finds a class in this order,
 * so that what the tests link against is never the student's choice:
 *
 * <ol>
 *   <li>the JDK (the platform class loader: {@code java.base} and {@code java.logging});</li>
 *   <li>the runner's module, for the packages it holds — JUnit's API above all: a class of
 *       the submission named {@code org.junit.jupiter.api.Assertions} is never the one a test
 *       calls;</li>
 *   <li>the compiled hidden tests — a class of the submission named like a test class, or
 *       like a helper of the tests, is never loaded in its place;</li>
 *   <li>the submission's compiled classes.</li>
 * </ol>
 *
 * It does not see the class path (which holds only the launcher) and serves no resources.
 */
final class ExerciseClassLoader extends ClassLoader {

    private final List<Path> folders;
    private final Module runner;

    /** Loads classes from {@code tests} first and then {@code student}, after the JDK and {@code runner}'s packages. */
    ExerciseClassLoader(Path tests, Path student, Module runner) {
        super("exercise", ClassLoader.getPlatformClassLoader());
        this.folders = List.of(tests, student);
        this.runner = runner;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = find(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> find(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException e) {
            // not the JDK's
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && runner.getPackages().contains(name.substring(0, dot))) {
            return runner.getClassLoader().loadClass(name);
        }
        for (Path folder : folders) {
            Path file = folder.resolve(name.replace('.', '/') + ".class").normalize();
            if (file.startsWith(folder) && Files.isRegularFile(file)) {
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the class " + name, e);
                }
            }
        }
        throw new ClassNotFoundException(name);
    }
}
