package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jtune.kernel.display.DisplayHandle;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.Choices;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.EvalCommand;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.EvalView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.EvalViews;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.Example;
import dev.jtune.trainer.eval.EvalExample;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.eval.TextGenerator;
import dev.jtune.trainer.runtime.JTuneRuntime;

/** {@code %eval MODEL[,MODEL2] --data NAME [--metric exact|contains] [--limit N]}: accuracy and mismatches. */
public final class EvalMagic implements Magic {
    private final KernelSession sessions;

    public EvalMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String description() {
        return "Score models on a held-out dataset (exact match or contains), e.g. base vs fine-tuned.";
    }

    @Override
    public String help() {
        return CommandParser.usage(new EvalCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new EvalCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new EvalCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        EvalCommand command = parsed.as(EvalCommand.class);
        Session session = sessions.get();
        CatalogEntry entry = DatasetMagic.entry(session, command.data());
        List<EvalExample> examples = examples(entry);
        Map<String, TextGenerator> models = new LinkedHashMap<>();
        for (String reference : command.models()) {
            models.put(reference, MagicSupport.call("ModelError",
                    () -> session.runtime().generator(reference, JTuneRuntime.EVAL_MAX_NEW_TOKENS)));
        }
        EvalMetric metric = command.metric();
        int limit = command.limit();
        int total = limit > 0 ? Math.min(limit, examples.size()) : examples.size();
        DisplayHandle progress = context.display().display(MagicSupport.mime(progressBundle(command.models().get(0), 0, total)));
        long[] lastDraw = {0};
        List<EvalReport> reports = new ArrayList<>();
        for (Map.Entry<String, TextGenerator> model : models.entrySet()) {
            context.cancellation().throwIfCancelled();
            reports.add(MagicSupport.call("EvalError", () -> Evaluator.evaluate(model.getKey(), model.getValue(), examples, metric,
                    limit, (name, done, all) -> {
                        long now = System.nanoTime();
                        if (now - lastDraw[0] > 200_000_000L || done == all) {
                            lastDraw[0] = now;
                            progress.update(MagicSupport.mime(progressBundle(name, done, all)));
                        }
                        context.cancellation().throwIfCancelled();
                    })));
        }
        progress.update(MagicSupport.mime(Bundle.of("Evaluated " + total + " examples of " + entry.name() + ".",
                "<div>Evaluated " + total + " examples of " + dev.jtune.magics.render.Html.escape(entry.name()) + ".</div>")));
        context.display().display(MagicSupport.mime(EvalView.render(entry.name(), reports.stream().map(EvalViews::score).toList())));
    }

    private static List<EvalExample> examples(CatalogEntry entry) throws MagicException {
        List<EvalExample> examples = new ArrayList<>();
        for (Example example : entry.dataset().examples()) {
            if (example.isText()) {
                throw new MagicException("EvalError", "%eval needs conversations that end with the expected assistant answer; "
                        + entry.name() + " holds plain text (continued pretraining data).", null);
            }
            try {
                examples.add(EvalExample.fromConversation(example.messages()));
            } catch (IllegalArgumentException e) {
                throw new MagicException("EvalError", "%eval: " + example.source() + ": " + e.getMessage() + ".", e);
            }
        }
        if (examples.isEmpty()) {
            throw new MagicException("EvalError", "%eval: dataset " + entry.name() + " has no examples.", null);
        }
        return examples;
    }

    private static Bundle progressBundle(String model, int done, int total) {
        String text = "Evaluating " + model + ": " + done + " / " + total;
        double percent = total == 0 ? 0 : 100.0 * done / total;
        return Bundle.of(text, "<div style=\"font-size:13px\">" + dev.jtune.magics.render.Html.escape(text)
                + "<div style=\"width:320px;height:10px;background:#eee;border-radius:3px\"><div style=\"width:"
                + String.format(java.util.Locale.ROOT, "%.1f", percent) + "%;height:100%;background:#1e88e5\"></div></div></div>");
    }
}
