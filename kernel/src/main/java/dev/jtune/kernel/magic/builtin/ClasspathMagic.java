package dev.jtune.kernel.magic.builtin;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.kernel.magic.PathCompletion;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %classpath PATH...}: add jars, class folders or {@code dir/*} (every jar in dir) to JShell. */
public class ClasspathMagic implements Magic {
    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String description() {
        return "Add jars or class folders to the Java classpath: %" + name() + " lib/foo.jar libs/*";
    }

    @Override
    public String help() {
        return description() + "\n\nPaths are relative to the kernel's working directory. `dir/*` adds every jar "
                + "in dir. Without arguments, lists what was added in this session.";
    }

    private final List<Path> added = new ArrayList<>();

    @Override
    public List<String> complete(List<String> words, String current) {
        return PathCompletion.candidates(Path.of("").toAbsolutePath(), current);
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        if (invocation.argv().isEmpty()) {
            context.out().println(added.isEmpty() ? "Nothing added yet." : String.join("\n",
                    added.stream().map(Path::toString).toList()));
            return;
        }
        for (String arg : invocation.argv()) {
            for (Path path : expand(context.workingDirectory(), arg)) {
                context.addToClasspath(path);
                added.add(path);
                context.out().println("Added " + path);
            }
        }
    }

    private static List<Path> expand(Path cwd, String arg) throws MagicException {
        boolean allJars = arg.endsWith("/*") || arg.equals("*");
        Path path = cwd.resolve(allJars ? arg.substring(0, arg.length() - 1) : arg).normalize();
        if (!Files.exists(path)) {
            throw new MagicException("Cannot add " + arg + " to the classpath: " + path + " does not exist.");
        }
        if (!allJars) {
            return List.of(path);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "*.jar")) {
            dir.forEach(jars::add);
        } catch (IOException e) {
            throw new MagicException("Cannot list " + path + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            throw new MagicException("There are no .jar files in " + path + ".");
        }
        jars.sort(null);
        return jars;
    }
}
