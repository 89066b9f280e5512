package dev.jtune.magics.magic;

import java.util.List;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.cli.PublishCommand;
import dev.jtune.magics.render.PublishView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.PublishViews;
import dev.jtune.trainer.publish.PublishRequest;
import dev.jtune.trainer.publish.PublishedModel;

/** {@code %publish JOB [--step N | --best | --last] [--name NAME] [--adapter-only] [--overwrite]}: a model folder. */
public final class PublishMagic implements Magic {
    private final KernelSession sessions;

    public PublishMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String description() {
        return "Merge a job's checkpoint into its base and write a HuggingFace model folder (or the adapter alone).";
    }

    @Override
    public String help() {
        return CommandParser.usage(new PublishCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new PublishCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new PublishCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        PublishCommand command = parsed.as(PublishCommand.class);
        Session session = sessions.get();
        PublishRequest request = MagicSupport.call("PublishError", command::request);
        JobsMagic.job(session, request.job());
        PublishedModel model = MagicSupport.call("PublishError", () -> session.runtime().publish(request));
        context.display().display(MagicSupport.mime(PublishView.render(PublishViews.folder(model))));
    }
}
