package dev.jtune.kernel.magic.builtin;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;

/** {@code %help NAME}: the usage of one magic. */
public final class HelpMagic implements Magic {
    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "Show how to use a magic: %help NAME.";
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        if (invocation.argv().size() != 1) {
            throw new MagicException("%help takes one magic name, e.g. %help time; run %lsmagic to list them.");
        }
        String name = invocation.argv().get(0).replaceFirst("^%+", "");
        Magic magic = context.magics().find(name).orElseThrow(() -> new MagicException("UnknownMagic",
                "There is no magic named %" + name + ". Run %lsmagic to list the magics.", null));
        context.out().println(LsMagic.usage(magic) + "\n\n" + magic.help());
    }
}
