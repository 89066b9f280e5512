package dev.jtune.magics.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.DatasetCommand;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.DatasetIssuesView;
import dev.jtune.magics.render.DatasetListView;
import dev.jtune.magics.render.DatasetSummary;
import dev.jtune.magics.render.DatasetSummaryView;
import dev.jtune.magics.render.ExamplesView;
import dev.jtune.magics.render.PairsView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.DatasetViews;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.LoadReport;
import dev.jtune.trainer.data.MixPart;
import dev.jtune.trainer.data.RejectedRecordsException;
import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.format.ReadOptions;
import dev.jtune.trainer.data.format.TextUnit;
import dev.jtune.trainer.data.stats.DatasetStats;
import dev.jtune.trainer.job.JobConfig;

/** {@code %dataset load|list|show|mix}: datasets of the session, validated, counted in tokens and shown. */
public final class DatasetMagic implements Magic {
    /** Token counts use this model's tokenizer unless {@code --model} names another. */
    static final String DEFAULT_MODEL = "tiny";
    static final long DEFAULT_SEED = 42;

    private final KernelSession sessions;

    public DatasetMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String description() {
        return "Load, validate, inspect and mix training datasets (load, list, show, mix).";
    }

    @Override
    public String help() {
        return CommandParser.usage(new DatasetCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new DatasetCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new DatasetCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        Session session = sessions.get();
        Object command = parsed.command();
        if (command instanceof DatasetCommand.Load load) {
            load(load, session, context);
        } else if (command instanceof DatasetCommand.ListAll) {
            list(session, context);
        } else if (command instanceof DatasetCommand.Show show) {
            CatalogEntry entry = entry(session, show.name());
            String model = show.model() == null ? DEFAULT_MODEL : show.model();
            int maxSeqLen = show.maxSeqLen() == null ? JobConfig.defaults().maxSeqLen() : show.maxSeqLen();
            showSummary(entry, model, maxSeqLen, session, context);
            List<Example> examples = entry.dataset().examples();
            if (show.rows() > 0 && !examples.isEmpty() && examples.get(0).isPreference()) {
                context.display().display(MagicSupport.mime(PairsView.render(entry.name(),
                        DatasetViews.pairs(examples, show.rows()))));
            } else if (show.rows() > 0) {
                context.display().display(MagicSupport.mime(ExamplesView.render(entry.name(),
                        DatasetViews.conversations(examples, show.rows()))));
            }
        } else if (command instanceof DatasetCommand.Mix mix) {
            List<MixPart> parts = new ArrayList<>();
            for (var part : mix.parts()) {
                entry(session, part.dataset());
                parts.add(new MixPart(part.dataset(), part.rate()));
            }
            CatalogEntry entry = MagicSupport.call("DatasetError", () -> session.datasets().mix(mix.name(), parts, DEFAULT_SEED));
            keep(entry, session);
            showSummary(entry, DEFAULT_MODEL, JobConfig.defaults().maxSeqLen(), session, context);
        }
    }

    /** Jobs name their data; the workspace keeps a copy so the name still works after a kernel restart. */
    private static void keep(CatalogEntry entry, Session session) throws MagicException {
        MagicSupport.call("DatasetError", () -> session.runtime().saveDataset(entry.name()));
    }

    private static void load(DatasetCommand.Load load, Session session, MagicContext context) throws MagicException {
        Path file = context.workingDirectory().resolve(load.path()).normalize();
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {  // the loader names a folder, FIFO or link loop
            throw new MagicException("DatasetError", "%dataset load: there is no file " + load.path() + " (looked for "
                    + file + "). Paths are relative to the notebook's folder.", null);
        }
        DatasetOptions options = DatasetOptions.DEFAULT
                .withRead(new ReadOptions(load.format(), load.columns(), load.system(), TextUnit.LINE))
                .withSkipBadLines(load.skipBadLines())
                .withMaxSamples(load.maxSamples() == null ? 0 : load.maxSamples())
                .withSeed(load.seed() == null ? DEFAULT_SEED : load.seed());
        double valRatio = load.valRatio() == null ? 0 : load.valRatio();
        CatalogEntry entry;
        try {
            entry = session.datasets().load(file, load.name(), options, valRatio);
        } catch (DatasetException e) {
            if (e instanceof RejectedRecordsException rejected && !rejected.report().errors().isEmpty()) {
                context.display().display(MagicSupport.mime(DatasetIssuesView.render(
                        DatasetViews.issues(rejected.report()), false)));
            }
            throw new MagicException("DatasetError", e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MagicException("DatasetError", e.getMessage(), e);
        }
        keep(entry, session);
        LoadReport report = entry.report();
        if (report.skipped() > 0) {
            context.display().display(MagicSupport.mime(DatasetIssuesView.render(DatasetViews.issues(report), true)));
        }
        showSummary(entry, DEFAULT_MODEL, JobConfig.defaults().maxSeqLen(), session, context);
    }


    private static void list(Session session, MagicContext context) throws MagicException {
        List<DatasetSummary> summaries = new ArrayList<>();
        for (CatalogEntry entry : session.datasets().list()) {
            summaries.add(summary(entry, DEFAULT_MODEL, session));
        }
        context.display().display(MagicSupport.mime(DatasetListView.render(summaries)));
    }

    static CatalogEntry entry(Session session, String name) throws MagicException {
        return session.datasets().find(name).orElseThrow(() -> new MagicException("DatasetError", "There is no dataset called '"
                + name + "'" + loadedNames(session) + ". Load one with %dataset load PATH --name " + name + ".", null));
    }

    static String loadedNames(Session session) {
        List<String> names = session.datasets().list().stream().map(CatalogEntry::name).toList();
        return names.isEmpty() ? " (none is loaded yet)" : " (loaded: " + String.join(", ", names) + ")";
    }

    private static DatasetSummary summary(CatalogEntry entry, String model, Session session) throws MagicException {
        DatasetStats stats = stats(entry, model, session);
        return DatasetViews.summary(entry, stats, model);
    }

    static DatasetStats stats(CatalogEntry entry, String model, Session session) throws MagicException {
        return stats(entry, model, JobConfig.defaults().maxSeqLen(), session);
    }

    static DatasetStats stats(CatalogEntry entry, String model, int maxSeqLen, Session session) throws MagicException {
        return MagicSupport.call("ModelError", () -> session.stats().all(entry, model, maxSeqLen));
    }

    private static void showSummary(CatalogEntry entry, String model, int maxSeqLen, Session session, MagicContext context)
            throws MagicException {
        DatasetStats stats = stats(entry, model, maxSeqLen, session);
        Bundle table = DatasetSummaryView.render(DatasetViews.summary(entry, stats, model));
        context.display().display(MagicSupport.mime(table));
        if (stats.examples() > 0) {
            context.display().display(MagicSupport.mime(DatasetViews.histogram(entry.name(), stats)));
        }
    }

    /** Kept for symmetry with the other magics' forms. */
    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }
}
