package dev.jtune.magics.magic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.cli.UsageError;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.session.Session;
import dev.jtune.trainer.UserFacingException;

/** What every JTune magic does the same way: parse, show bundles, phrase failures. */
final class MagicSupport {
    private MagicSupport() {
    }

    /** Parses, turning a usage mistake into the kernel's user error (shown without a stack trace). */
    static ParsedCommand parse(Callable<ParsedCommand> parse) throws MagicException {
        try {
            return parse.call();
        } catch (UsageError e) {
            throw new MagicException("UsageError", e.getMessage(), null);
        } catch (Exception e) {
            throw new MagicException("UsageError", String.valueOf(e.getMessage()), e);
        }
    }

    /** Prints the help text when --help was asked for; returns true then. */
    static boolean helpShown(ParsedCommand parsed, MagicContext context) {
        if (parsed.isHelp()) {
            context.out().println(parsed.helpText());
            return true;
        }
        return false;
    }

    static MimeBundle mime(Bundle bundle) {
        MimeBundle mime = new MimeBundle(bundle.text());
        for (Map.Entry<String, String> entry : bundle.data().entrySet()) {
            if (!entry.getKey().equals(Bundle.TEXT)) {
                mime.with(entry.getKey(), entry.getValue());
            }
        }
        return mime;
    }

    /**
     * Runs a trainer call; the trainer says what went wrong in sentences ({@link UserFacingException} and
     * IllegalArgumentException), so those become user errors under {@code errorName}. Anything else is a bug.
     */
    static <T> T call(String errorName, Callable<T> work) throws MagicException {
        try {
            return work.call();
        } catch (MagicException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new MagicException(errorName, "There is no file " + e.getFile() + ".", e);
        } catch (IOException | UncheckedIOException e) {
            throw new MagicException(errorName, "A file could not be read or written: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new MagicException(errorName, e.getMessage(), e);
        } catch (RuntimeException e) {
            if (UserFacingException.isUserFacing(e) && e.getMessage() != null) {
                throw new MagicException(errorName, e.getMessage(), e);
            }
            throw e;
        } catch (Exception e) {
            throw new MagicException(errorName, e.getMessage(), e);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static void run(String errorName, Work work) throws MagicException {
        call(errorName, () -> {
            work.run();
            return null;
        });
    }
}
