package dev.jtune.kernel.exec;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file manager under JShell's compiler, remembering what each class-path package holds.
 * <p>
 * javac flushes its file manager after every snippet, which throws away its index of the class path; the
 * next snippet then lists its own package ("REPL") again, and rebuilding the index walks every directory of
 * every jar (DJL, Jackson, trainer, ...). That was about a tenth of the compile time of {@code 1 + 1}. The
 * jars do not change while the kernel runs, so their listings are kept until the class path itself changes.
 * Snippet classes are not affected: JShell keeps them in memory and lists them itself.
 */
final class ClasspathListingCache extends ForwardingJavaFileManager<StandardJavaFileManager>
        implements StandardJavaFileManager {
    private final Map<ListingKey, List<JavaFileObject>> listings = new ConcurrentHashMap<>();

    ClasspathListingCache(StandardJavaFileManager delegate) {
        super(delegate);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                         boolean recurse) throws IOException {
        if (location != StandardLocation.CLASS_PATH) {
            return super.list(location, packageName, kinds, recurse);
        }
        ListingKey key = new ListingKey(packageName, Set.copyOf(kinds), recurse);
        List<JavaFileObject> cached = listings.get(key);
        if (cached == null) {
            cached = new ArrayList<>();
            for (JavaFileObject file : super.list(location, packageName, kinds, recurse)) {
                cached.add(file);
            }
            cached = List.copyOf(cached);
            listings.put(key, cached);
        }
        return cached;
    }

    /** javac passes options such as --multi-release on every snippet; only a new class path drops the cache. */
    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        List<Path> before = classPath();
        boolean handled = super.handleOption(current, remaining);
        if (handled && !before.equals(classPath())) {
            listings.clear();
        }
        return handled;
    }

    private List<Path> classPath() {
        Iterable<? extends Path> paths = fileManager.getLocationAsPaths(StandardLocation.CLASS_PATH);
        List<Path> copy = new ArrayList<>();
        if (paths != null) {
            paths.forEach(copy::add);
        }
        return copy;
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        listings.clear();
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        listings.clear();
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        listings.clear();
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public void close() throws IOException {
        listings.clear();
        super.close();
    }

    // ---- the rest of StandardJavaFileManager, delegated ----

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        fileManager.setPathFactory(factory);
    }

    private record ListingKey(String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse) {
    }
}
