package dev.jtune.kernel.magic.builtin;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicInvocation;

import java.util.Set;

/** {@code %lsmagic}: every magic with its forms and one-line description. */
public final class LsMagic implements Magic {
    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public String description() {
        return "List the available magics.";
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) {
        StringBuilder text = new StringBuilder();
        StringBuilder md = new StringBuilder("| magic | description |\n|---|---|\n");
        for (Magic magic : context.magics().all()) {
            String usage = usage(magic);
            text.append(String.format("%-24s %s%n", usage, magic.description()));
            md.append("| `").append(usage).append("` | ").append(magic.description().replace("|", "\\|")).append(" |\n");
        }
        text.append("\nRun %help NAME or %NAME --help for details.");
        md.append("\nRun `%help NAME` or `%NAME --help` for details.");
        context.display().display(new MimeBundle(text.toString()).with(MimeBundle.MARKDOWN, md.toString()));
    }

    public static String usage(Magic magic) {
        Set<Form> forms = magic.forms();
        if (forms.contains(Form.LINE) && forms.contains(Form.CELL)) {
            return "%" + magic.name() + ", %%" + magic.name();
        }
        return (forms.contains(Form.CELL) ? "%%" : "%") + magic.name();
    }
}
