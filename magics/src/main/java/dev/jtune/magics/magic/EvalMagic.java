package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.List;

import dev.jtune.kernel.display.DisplayHandle;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.EvalCommand;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.EvalView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.EvalViews;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.EvalSet;
import dev.jtune.trainer.runtime.JTuneRuntime;

/**
 * {@code %eval MODEL[,MODEL2[,MODEL3]] --data NAME [--split val|train|all] [--metric M,...] [--limit N]}: scores,
 * per-label accuracy and mismatches; each job's results are kept in its folder.
 */
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
        return "Score up to 3 models on a dataset's held-out split (exact, contains, rouge-l, bleu, loss), e.g. base vs fine-tuned.";
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
        JTuneRuntime runtime = session.runtime();
        EvalSet set = MagicSupport.call("EvalError", () -> runtime.evalSet(command.data(), command.split()));
        List<EvalMetric> metrics = command.metrics();
        int limit = command.limit();
        int total = limit > 0 ? Math.min(limit, set.examples().size()) : set.examples().size();
        DisplayHandle progress = context.display().display(MagicSupport.mime(progressBundle(command.models().get(0), 0, total)));
        long[] lastDraw = {0};
        List<EvalReport> reports = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        for (String model : command.models()) {
            context.cancellation().throwIfCancelled();
            EvalReport report = MagicSupport.call("EvalError", () -> runtime.evaluate(model, set, metrics, limit,
                    (name, done, all) -> {
                        long now = System.nanoTime();
                        if (now - lastDraw[0] > 200_000_000L || done == all) {
                            lastDraw[0] = now;
                            progress.update(MagicSupport.mime(progressBundle(name, done, all)));
                        }
                        context.cancellation().throwIfCancelled();
                    }));
            reports.add(report);
            MagicSupport.call("EvalError", () -> runtime.saveEvaluation(model, set, report))
                    .ifPresent(file -> saved.add(file.getParent().getFileName() + "/" + file.getFileName()));
        }
        String scored = set.description(total);
        String done = "Evaluated on " + scored + "." + (saved.isEmpty() ? "" : " Saved with the job: " + String.join(", ", saved) + ".");
        progress.update(MagicSupport.mime(Bundle.of(done, "<div>" + dev.jtune.magics.render.Html.escape(done) + "</div>")));
        context.display().display(MagicSupport.mime(EvalView.render(set.dataset(), scored,
                reports.stream().map(EvalViews::score).toList())));
    }

    private static Bundle progressBundle(String model, int done, int total) {
        String text = "Evaluating " + model + ": " + done + " / " + total;
        double percent = total == 0 ? 0 : 100.0 * done / total;
        return Bundle.of(text, "<div style=\"font-size:13px\">" + dev.jtune.magics.render.Html.escape(text)
                + "<div style=\"width:320px;height:10px;background:#eee;border-radius:3px\"><div style=\"width:"
                + String.format(java.util.Locale.ROOT, "%.1f", percent) + "%;height:100%;background:#1e88e5\"></div></div></div>");
    }
}
