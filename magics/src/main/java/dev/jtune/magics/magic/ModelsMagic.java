package dev.jtune.magics.magic;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.ModelsCommand;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.render.Formats;
import dev.jtune.magics.render.ModelListView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.DatasetViews;
import dev.jtune.trainer.publish.PublishedModels;

/** {@code %models [list] | delete NAME}: what {@code %publish} wrote into the workspace's model registry. */
public final class ModelsMagic implements Magic {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final KernelSession sessions;

    public ModelsMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "models";
    }

    @Override
    public String description() {
        return "List published models (name, base, source job and step, size, date, folder) or delete one.";
    }

    @Override
    public String help() {
        return CommandParser.usage(new ModelsCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new ModelsCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new ModelsCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        Session session = sessions.get();
        PublishedModels models = new PublishedModels(session.workspace());
        Object command = parsed.command();
        if (command instanceof ModelsCommand.Delete delete) {
            MagicSupport.run("ModelError", () -> models.delete(delete.name()));
            context.out().println("Deleted published model " + delete.name() + ".");
            return;
        }
        List<ModelListView.Row> rows = MagicSupport.call("ModelError", models::list).stream().map(ModelsMagic::row).toList();
        context.display().display(MagicSupport.mime(ModelListView.render(rows)));
    }

    private static ModelListView.Row row(PublishedModels.Entry e) {
        String source = e.job() == null ? "–" : e.job() + (e.step() >= 0 ? " step " + e.step() : "")
                + (e.adapterOnly() ? " (adapter only)" : "");
        String size = e.sizeBytes() < 0 ? "?" : Formats.bytes(e.sizeBytes());
        return new ModelListView.Row(e.name(), e.base() == null ? "–" : e.base(), source, size,
                e.published() == null ? "–" : DATE.format(e.published()), DatasetViews.source(e.path()));
    }
}
