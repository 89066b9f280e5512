package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.engine.Devices;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.eval.EvalExample;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.EvalResultFile;
import dev.jtune.trainer.eval.EvalSet;
import dev.jtune.trainer.eval.EvalSplit;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.eval.ReferenceLoss;
import dev.jtune.trainer.eval.TextGenerator;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobManager;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.job.Workspace;
import dev.jtune.trainer.publish.MergedWeights;
import dev.jtune.trainer.publish.PublishRequest;
import dev.jtune.trainer.publish.PublishedModel;
import dev.jtune.trainer.publish.Publisher;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.tiny.TinyModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything a notebook (or a CLI, or plain Java) needs to fine-tune in one workspace, wired together: jobs on
 * the DJL engine, datasets by name, model references, publishing, chat and evaluation. One per session; close it
 * to free the models loaded for chat.
 */
public final class JTuneRuntime implements AutoCloseable {

    /** Generous for labels and short answers; %chat passes its own limit. */
    public static final int EVAL_MAX_NEW_TOKENS = 64;
    private static final int CHAT_MODELS_KEPT = 3;
    /** Seeds the sampling of a file read for evaluation (no sampling is asked for, so it never matters). */
    private static final long DEFAULT_SEED = 42;

    private final Workspace workspace;
    private final DatasetCatalog datasets;
    private final DatasetStore store;
    private final EncoderCache encoders = new EncoderCache();
    private final ModelResolver resolver;
    private final JobDataFactory data;
    private final JobManager jobs;
    private final Publisher publisher;
    private final ChatModels chatModels;

    private JTuneRuntime(Workspace workspace, DatasetCatalog datasets, Device device) {
        this(workspace, datasets, device, workspace.root().resolve("datasets"));
    }

    private JTuneRuntime(Workspace workspace, DatasetCatalog datasets, Device device, Path datasetDir) {
        this.workspace = workspace;
        this.datasets = datasets;
        this.store = new DatasetStore(datasetDir);
        this.resolver = ModelResolver.forWorkspace(workspace, TinyModel::materialize);
        DjlFineTunerFactory tuners = new DjlFineTunerFactory(device);
        this.data = new JobDataFactory(datasets, store, encoders);
        this.jobs = new JobManager(workspace, resolver, tuners, data);
        this.publisher = new Publisher(workspace, resolver, new MergedWeights());
        this.chatModels = new ChatModels(encoders, device, CHAT_MODELS_KEPT);
    }

    /** The workspace at {@code root}, with an empty dataset catalog, on the best device (a GPU when there is one). */
    public static JTuneRuntime open(Path root) throws IOException {
        CpuThreads.configure();
        return open(root, new DatasetCatalog(), Devices.best());
    }

    /**
     * The workspace at {@code root} with the session's dataset catalog (what a notebook kernel opens), on the best
     * device; sets the CPU thread default before the engine starts.
     */
    public static JTuneRuntime open(Path root, DatasetCatalog datasets) throws IOException {
        CpuThreads.configure();
        return open(root, datasets, Devices.best());
    }

    /** {@code $JTUNE_HOME}, else {@code ./jtune-workspace}. */
    public static JTuneRuntime openDefault() throws IOException {
        CpuThreads.configure();
        return new JTuneRuntime(Workspace.openDefault(), new DatasetCatalog(), Devices.best());
    }

    /**
     * @param datasets the session's datasets ({@code %dataset load} fills it); jobs find their data there first
     * @param device   where jobs and chat run; call {@link CpuThreads#configure()} before anything starts DJL's
     *                 engine (e.g. {@code Devices.best()}) to get the CPU thread default
     */
    public static JTuneRuntime open(Path root, DatasetCatalog datasets, Device device) throws IOException {
        CpuThreads.configure();
        return new JTuneRuntime(Workspace.open(root), datasets, device);
    }

    /**
     * The workspace at {@code root} whose saved datasets are those of {@code datasetDir}: a cluster job trains on
     * the snapshot of its data kept in its own folder, not on whatever the workspace holds under that name now.
     */
    public static JTuneRuntime openWithDatasets(Path root, Path datasetDir) throws IOException {
        CpuThreads.configure();
        return new JTuneRuntime(Workspace.open(root), new DatasetCatalog(), Devices.best(), datasetDir);
    }

    public Workspace workspace() {
        return workspace;
    }

    public JobManager jobs() {
        return jobs;
    }

    public ModelResolver resolver() {
        return resolver;
    }

    public Publisher publisher() {
        return publisher;
    }

    public DatasetCatalog datasets() {
        return datasets;
    }

    /** How jobs find their data by name (session catalog, workspace, file). */
    public JobDataFactory jobData() {
        return data;
    }

    public DatasetStore datasetStore() {
        return store;
    }

    /**
     * Keeps catalog dataset {@code name} in the workspace ({@code datasets/NAME.jsonl}), so that jobs naming it
     * still find it after a restart. Call it after {@code %dataset load} and {@code mix}.
     */
    public Path saveDataset(String name) throws IOException {
        return store.save(datasets.get(name));
    }

    /** Examples by dataset name (catalog, then workspace) or file path, as {@code --data} finds them. */
    public List<Example> examples(String reference) {
        return data.examples("--data", reference, DEFAULT_SEED);
    }

    public PublishedModel publish(PublishRequest request) throws IOException {
        return publisher.publish(request);
    }

    /** The model a reference names, loaded (or taken from the cache). A job means its newest checkpoint. */
    public ChatModel model(String reference) {
        return chatModels.get(resolver.resolve(reference));
    }

    /** The next assistant turn, streamed to {@code onText} piece by piece. */
    public ChatReply chat(String reference, List<ChatMessage> conversation, SamplingParams params,
                          Consumer<String> onText) {
        return model(reference).reply(conversation, params, onText);
    }

    /** Greedy answers of at most {@code maxNewTokens}, stopping at EOS: what evaluation scores. */
    public TextGenerator generator(String reference, int maxNewTokens) {
        ChatModel m = model(reference);
        return prompt -> m.answer(prompt, maxNewTokens);
    }

    /** Scores {@code model} on the conversations of {@code data} (a dataset name or file): the last turn is the answer. */
    public EvalReport evaluate(String model, String data, EvalMetric metric, int limit, Evaluator.Progress progress) {
        return evaluate(model, evalSet(data, EvalSplit.ALL), List.of(metric), limit, progress);
    }

    /** Scores {@code model} on {@code set} under every metric asked for (generating only when one needs it). */
    public EvalReport evaluate(String model, EvalSet set, List<EvalMetric> metrics, int limit,
                               Evaluator.Progress progress) {
        return Evaluator.evaluate(model, generator(model, EVAL_MAX_NEW_TOKENS), referenceLoss(model), set.examples(),
                metrics, limit, progress);
    }

    /**
     * The examples of {@code data} an evaluation scores: {@code split}, or by default the held-out split of a
     * dataset that has one (scoring what the model trained on would flatter it), else every example.
     *
     * @param split null for the default
     */
    public EvalSet evalSet(String data, EvalSplit split) {
        DatasetSplit all = this.data.split("--data", data, DEFAULT_SEED);
        EvalSplit chosen = split != null ? split : all.holdsOut() ? EvalSplit.VAL : EvalSplit.ALL;
        if (chosen != EvalSplit.ALL && !all.holdsOut()) {
            throw new IllegalArgumentException("--split " + chosen.label() + ": " + data + " has no held-out "
                    + "examples (it was loaded without a validation split), so it has no separate " + chosen.label()
                    + " split. Use --split all, or load it again with a validation ratio (%dataset load ... "
                    + "--val-ratio 0.1).");
        }
        List<Example> chosenExamples = switch (chosen) {
            case VAL -> all.validation();
            case TRAIN -> all.train();
            case ALL -> all.all();
        };
        List<EvalExample> out = new ArrayList<>();
        for (Example e : chosenExamples) {
            if (e.isText()) {
                throw new IllegalArgumentException("--data " + data + " holds plain texts; evaluation needs "
                        + "conversations that end with the expected assistant answer.");
            }
            try {
                out.add(EvalExample.fromConversation(e.messages()));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("--data " + data + (e.source() == null ? "" : ", " + e.source())
                        + ": " + bad.getMessage() + ".", bad);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--data " + data + " has no examples to score in its " + chosen.label()
                    + " split.");
        }
        return new EvalSet(datasetName(data), chosen, out);
    }

    public List<EvalExample> evalExamples(String data) {
        return evalSet(data, EvalSplit.ALL).examples();
    }

    /** A loaded or saved dataset keeps its name; a file is known by its base name. */
    private String datasetName(String data) {
        if (datasets.find(data).isPresent() || store.find(data).isPresent()) {
            return data;
        }
        return DatasetLoader.defaultName(Path.of(data.trim())).replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    /**
     * The expected answers' loss under {@code model}, truncated as its job truncated its validation data (the
     * default length of jobs for a model that has no job), so it is the number training reported.
     */
    public ReferenceLoss referenceLoss(String model) {
        return examples -> model(model).referenceLoss(examples, maxSeqLenOf(model));
    }

    private int maxSeqLenOf(String model) {
        try {
            return jobFolderOf(model).flatMap(dir -> workspace.findJob(dir.getFileName().toString()))
                    .map(job -> job.config().maxSeqLen()).orElse(JobConfig.defaults().maxSeqLen());
        } catch (IOException unreadable) {
            return JobConfig.defaults().maxSeqLen();
        }
    }

    /**
     * Keeps {@code report} with the job {@code model} came from (a job's checkpoint, or a model published from a
     * job) as {@code eval-<dataset>-<split>.json}; empty when the model has no job (tiny, a folder, a hub id).
     */
    public Optional<Path> saveEvaluation(String model, EvalSet set, EvalReport report) throws IOException {
        Optional<Path> jobDir = jobFolderOf(model);
        if (jobDir.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EvalResultFile.write(jobDir.get(), set, report));
    }

    private Optional<Path> jobFolderOf(String model) throws IOException {
        ResolvedModel resolved = resolver.resolve(model);
        if (resolved.kind() == ResolvedModel.Kind.JOB_CHECKPOINT && resolved.checkpoint() != null) {
            return Optional.of(resolved.checkpoint().getParent());
        }
        if (resolved.kind() == ResolvedModel.Kind.PUBLISHED) {
            Path info = resolved.baseFolder().resolve(ModelResolver.PUBLISHED_INFO);
            if (Files.isRegularFile(info)) {
                String job = new ObjectMapper().readTree(info.toFile()).path("job").asText("");
                return workspace.findJob(job).map(dev.jtune.trainer.job.Job::dir);
            }
        }
        return Optional.empty();
    }

    /** Frees the loaded chat models and tokenizers. Jobs still training keep their own engine. */
    @Override
    public void close() {
        chatModels.close();
        encoders.close();
    }

}
