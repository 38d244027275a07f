using System.Text;
using System.Text.Json;
using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Suites;
using Harness.Core.Tests.Datasets;
using NUnit.Framework;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Tests.Suites;

/// <summary>
/// Walks every key of the schema in suites/README.md (parsed from the document, so a key documented later
/// without a row here fails <see cref="EveryKeyTheSchemaDocumentsHasARowAndEveryRowADocumentedKey"/>), for
/// every pipeline kind (and, for the kinds that retrieve, every retriever kind): each key either changes the
/// validated suite the run is given, or validate refuses it with an error on one of the lines it was written on.
/// </summary>
public sealed class SchemaWalkTests
{
    private const string Template = "{context} Q: {question}";

    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"harness-schema-walk-{Environment.ProcessId}");

    private static readonly Lazy<SuiteValidator> Validator = new(CreateValidator);

    /// <summary>The key paths of the schema block in suites/README.md: "pipelines[].retriever.top_k", "gates[].min", ….</summary>
    private static IReadOnlyList<string> DocumentedKeys()
    {
        var readme = File.ReadAllText(Path.Combine(TestRepository.Root, "suites", "README.md"));
        var start = readme.IndexOf("```yaml", readme.IndexOf("## Schema", StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml".Length;
        var yaml = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        Collect(stream.Documents[0].RootNode, "", keys);
        return [.. keys];
    }

    /// <summary>A key is walked when its value is a value or a list holding values; its children are walked too, except under 'labels' and an evaluator's 'returns', whose keys are names, not schema.</summary>
    private static void Collect(YamlNode node, string prefix, SortedSet<string> keys)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var path = prefix.Length == 0 ? ((YamlScalarNode)key).Value! : $"{prefix}.{((YamlScalarNode)key).Value}";
                    // The keys under 'labels' are the dataset's labels, those under an evaluator's 'returns' its metric names.
                    var named = path is "labels" or "metrics[].returns";
                    if (value is YamlScalarNode || named || (value is YamlSequenceNode list && list.Children.Any(i => i is YamlScalarNode)))
                    {
                        keys.Add(path);
                    }
                    if (!named)
                    {
                        Collect(value, path, keys);
                    }
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Collect(item, prefix + "[]", keys);
                }
                break;
        }
    }

    /// <summary>A pipeline kind and, for one that retrieves, its retriever kind (null: no retriever).</summary>
    public sealed record Variant(PipelineKind Kind, RetrieverKind? Retriever)
    {
        public PipelineKindInfo Info => PipelineKinds.Of(Kind);

        public bool Local => Info.LocalModel;

        public bool Generates => Info.Generates;

        public bool FineTuned => Info.FineTuned;

        public bool Remote => Info.Remote;

        /// <summary>Whether it may have a retriever at all (closed-book and fine-tuned may not).</summary>
        public bool MayRetrieve => Info.Retriever != RetrieverUse.None;

        /// <summary>The retriever a retriever key lands in: the variant's, or a bm25 one added for the key.</summary>
        public RetrieverKind RetrieverOrBm25 => Retriever ?? RetrieverKind.Bm25;

        public override string ToString() => $"{Info.Name}{(Retriever is { } r ? " + " + RetrieverNames.Name(r) : "")}";
    }

    private static IReadOnlyList<Variant> Variants { get; } =
    [
        .. PipelineKinds.All.SelectMany(k => k.Retriever switch
        {
            RetrieverUse.None => [new Variant(k.Kind, null)],
            RetrieverUse.Required => RetrieverNames.Kinds.Values.Select(r => new Variant(k.Kind, r)),
            _ => RetrieverNames.Kinds.Values.Select(r => (RetrieverKind?)r).Prepend(null).Select(r => new Variant(k.Kind, r)),
        }),
    ];

    /// <summary>Where in the suite a row's lines go.</summary>
    public enum Slot
    {
        Suite,
        Models,
        Pipeline,
        Retriever,
        Train,
        Remote,
        Gates,
    }

    /// <summary>
    /// One documented key: the lines of its <see cref="Slot"/> without the key and with it (the same otherwise), and
    /// for which variants validate must refuse it; for the others the validated suites with and without it must differ.
    /// </summary>
    public sealed record Row(string Key, Slot Slot, string Without, string With, Func<Variant, bool> Refused)
    {
        /// <summary>A suite line the With build needs beside the row's own (a sweep needs 'select:', and 'select:' a sweep), counted among the row's lines.</summary>
        public string SuiteWith { get; init; } = "";

        public override string ToString() => Key;
    }

    private const string Select = "select: { share: 0.5, metric: token_f1 }";

    private static readonly Func<Variant, bool> Never = _ => false;

    /// <summary>Files an evaluator item may name (validation checks that they exist, and loads neither).</summary>
    private static readonly string EvaluatorProject = Path.Combine(TestRepository.Root, "examples", "Harness.Examples.Evaluators", "Harness.Examples.Evaluators.csproj");

    private static readonly string EvaluatorAssembly = typeof(SchemaWalkTests).Assembly.Location;

    private static IReadOnlyList<Row> Rows { get; } =
    [
        new("name", Slot.Suite, "name: walk", "name: walk-2", Never),
        new("description", Slot.Suite, "", "description: A walk through every key.", Never),
        new("domain", Slot.Suite, "", "domain: legal", Never),
        new("dataset", Slot.Suite, "dataset: walk", "dataset: walk-other", Never),
        new("split", Slot.Suite, "", "split: dev", Never),
        new("limit", Slot.Suite, "", "limit: 2", Never),
        new("seed", Slot.Suite, "", "seed: 5", Never),
        new("scope", Slot.Suite, "", "scope: corpus", v => v.Retriever is null),
        new("models.generator", Slot.Models, "", "generator: walk-other", v => !v.Local || v.FineTuned),
        new("models.embedder", Slot.Models, "", "embedder: minilm", v => v.Retriever is null or RetrieverKind.Bm25),
        new("models.judge", Slot.Models, "", "judge: stories260K", Never),
        new("models.fluency", Slot.Models, "", "fluency: stories260K", _ => true),
        new("generation.max_tokens", Slot.Suite, "", "generation: { max_tokens: 8 }", v => !v.Generates),
        new("generation.temperature", Slot.Suite, "", "generation: { temperature: 0.5 }", v => !v.Generates),
        new("generation.seed", Slot.Suite, "", "generation: { seed: 5 }", v => !v.Generates),
        new("prompts.closed-book", Slot.Suite, "", "prompts: { closed-book: \"Q: {question}\" }", v => v.Kind != PipelineKind.ClosedBook),
        new("prompts.default.template", Slot.Suite, "", $"prompts: {{ default: {{ template: \"{Template}\" }} }}", v => !v.Generates),
        new("prompts.default.chat_template", Slot.Suite, $"prompts: {{ default: {{ template: \"{Template}\" }} }}",
            $"prompts: {{ default: {{ template: \"{Template}\", chat_template: true }} }}", v => !v.Local),
        new("prompts.default.system", Slot.Suite, $"prompts: {{ default: {{ template: \"{Template}\" }} }}",
            $"prompts: {{ default: {{ template: \"{Template}\", system: Be brief. }} }}", v => !v.Remote),
        new("pipelines[].name", Slot.Pipeline, "name: p", "name: p2", Never),
        new("pipelines[].kind", Slot.Pipeline, "", "", Never),
        new("pipelines[].retriever.kind", Slot.Retriever, "kind: bm25", "kind: dense", v => !v.MayRetrieve),
        new("pipelines[].retriever.top_k", Slot.Retriever, "", "top_k: 3", v => !v.MayRetrieve),
        new("pipelines[].retriever.chunk.words", Slot.Retriever, "", "chunk: { words: 50 }", v => !v.MayRetrieve),
        new("pipelines[].retriever.chunk.overlap", Slot.Retriever, "chunk: { words: 50 }", "chunk: { words: 50, overlap: 10 }", v => !v.MayRetrieve),
        new("pipelines[].retriever.chunk.tokens", Slot.Retriever, "", "chunk: { tokens: 64 }", v => !v.MayRetrieve),
        new("pipelines[].retriever.embedder", Slot.Retriever, "", "embedder: minilm", v => !v.MayRetrieve || v.RetrieverOrBm25 == RetrieverKind.Bm25),
        new("pipelines[].retriever.index", Slot.Retriever, "", "index: HNSW32", v => !v.MayRetrieve || v.RetrieverOrBm25 == RetrieverKind.Bm25),
        new("pipelines[].retriever.rrf_k", Slot.Retriever, "", "rrf_k: 10", v => !v.MayRetrieve || v.RetrieverOrBm25 != RetrieverKind.Hybrid),
        new("pipelines[].adapter", Slot.Pipeline, "", "adapter: stories260K-toyfacts-lora-r8", v => !v.FineTuned),
        new("pipelines[].adapters", Slot.Pipeline, "", "adapters: [stories260K-toyfacts-lora-r8]", v => !v.FineTuned),
        new("pipelines[].adapters[].name", Slot.Pipeline, "", "adapters: [{ name: stories260K-toyfacts-lora-r8 }]", v => !v.FineTuned),
        new("pipelines[].adapters[].scale", Slot.Pipeline, "adapters: [{ name: stories260K-toyfacts-lora-r8 }]",
            "adapters: [{ name: stories260K-toyfacts-lora-r8, scale: 0.5 }]", v => !v.FineTuned),
        new("pipelines[].model", Slot.Pipeline, "", "model: walk-other", v => !v.Local),
        new("pipelines[].train.data", Slot.Train, "", "data: corpus", v => !v.FineTuned),
        new("pipelines[].train.split", Slot.Train, "data: corpus", "data: split\nsplit: dev", v => !v.FineTuned),
        new("pipelines[].train.epochs", Slot.Train, "data: corpus", "data: corpus\nepochs: 2", v => !v.FineTuned),
        new("pipelines[].train.learning_rate", Slot.Train, "data: corpus", "data: corpus\nlearning_rate: 2.0e-4", v => !v.FineTuned),
        new("pipelines[].train.context", Slot.Train, "data: corpus", "data: corpus\ncontext: 128", v => !v.FineTuned),
        new("pipelines[].train.batch", Slot.Train, "data: corpus", "data: corpus\nbatch: 128", v => !v.FineTuned),
        new("pipelines[].train.seed", Slot.Train, "data: corpus", "data: corpus\nseed: 5", v => !v.FineTuned),
        new("pipelines[].train.limit", Slot.Train, "data: corpus", "data: corpus\nlimit: 3", v => !v.FineTuned),
        new("pipelines[].train.validation", Slot.Train, "data: corpus", "data: corpus\nvalidation: 0.2", v => !v.FineTuned),
        new("pipelines[].train.patience", Slot.Train, "data: corpus", "data: corpus\npatience: 0", v => !v.FineTuned),
        new("pipelines[].prompt", Slot.Pipeline, "", $"prompt: \"{Template}\"", v => !v.Generates),
        new("pipelines[].prompt.template", Slot.Pipeline, "", $"prompt: {{ template: \"{Template}\" }}", v => !v.Generates),
        new("pipelines[].prompt.chat_template", Slot.Pipeline, $"prompt: {{ template: \"{Template}\" }}",
            $"prompt: {{ template: \"{Template}\", chat_template: true }}", v => !v.Local),
        new("pipelines[].prompt.system", Slot.Pipeline, $"prompt: {{ template: \"{Template}\" }}",
            $"prompt: {{ template: \"{Template}\", system: Be brief. }}", v => !v.Remote),
        new("pipelines[].max_tokens", Slot.Pipeline, "", "max_tokens: 8", v => !v.Generates),
        new("pipelines[].temperature", Slot.Pipeline, "", "temperature: 0.5", v => !v.Generates),
        new("pipelines[].seed", Slot.Pipeline, "", "seed: 5", v => !v.Generates),
        new("pipelines[].sweep.top_k", Slot.Pipeline, "", "sweep: { top_k: [1, 3] }", v => v.Retriever is null) { SuiteWith = Select },
        new("pipelines[].sweep.chunk.words", Slot.Pipeline, "", "sweep: { chunk.words: [50, 100] }", v => v.Retriever is null) { SuiteWith = Select },
        new("select.split", Slot.Pipeline, "", "sweep: { seed: [1, 2] }", v => !v.Generates) { SuiteWith = "select: { split: dev, metric: token_f1 }" },
        new("select.share", Slot.Pipeline, "", "sweep: { seed: [1, 2] }", v => !v.Generates) { SuiteWith = Select },
        new("select.metric", Slot.Pipeline, "", "sweep: { seed: [1, 2] }", v => !v.Generates) { SuiteWith = "select: { share: 0.5, metric: exact_match }" },
        new("select.limit", Slot.Pipeline, "", "sweep: { seed: [1, 2] }", v => !v.Generates) { SuiteWith = "select: { share: 0.5, metric: token_f1, limit: 3 }" },
        new("pipelines[].remote.base_url", Slot.Remote, "", "base_url: \"http://localhost:9000/v1\"", v => !v.Remote),
        new("pipelines[].remote.model", Slot.Remote, "", "model: other-served", v => !v.Remote),
        new("pipelines[].remote.api_key_env", Slot.Remote, "", "api_key_env: WALK_KEY", v => !v.Remote),
        new("pipelines[].remote.timeout_s", Slot.Remote, "", "timeout_s: 30", v => !v.Remote),
        new("pipelines[].remote.retries", Slot.Remote, "", "retries: 1", v => !v.Remote),
        new("pipelines[].remote.concurrency", Slot.Remote, "", "concurrency: 4", v => !v.Remote),
        new("metrics", Slot.Suite, "", "metrics: [answer, faithfulness]", Never),
        new("metrics[].evaluator", Slot.Suite, "metrics: [faithfulness]", $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, returns: {{ Score: numeric }} }}]", Never),
        new("metrics[].project", Slot.Suite, $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", assembly: {EvaluatorAssembly}, returns: {{ Score: numeric }} }}]",
            $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, returns: {{ Score: numeric }} }}]", Never),
        new("metrics[].assembly", Slot.Suite, $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, returns: {{ Score: numeric }} }}]",
            $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", assembly: {EvaluatorAssembly}, returns: {{ Score: numeric }} }}]", Never),
        new("metrics[].name", Slot.Suite, $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, returns: {{ Score: numeric }} }}]",
            $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, name: style, returns: {{ Score: numeric }} }}]", Never),
        new("metrics[].returns", Slot.Suite, $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, returns: {{ Score: numeric }} }}]",
            $"metrics: [faithfulness, {{ evaluator: \"A.ToneEvaluator, A\", project: {EvaluatorProject}, returns: {{ Score: numeric, Tone: [formal, casual] }} }}]", Never),
        new("labels", Slot.Suite, "", "labels: { positive: ['^yes'], negative: ['^no'] }", Never),
        new("headline", Slot.Suite, "", "headline: token_f1", Never),
        new("cost.currency", Slot.Suite, "", "cost: { currency: EUR }", Never),
        new("cost.per_1k_prompt_tokens", Slot.Suite, "", "cost: { per_1k_prompt_tokens: 0.5 }", Never),
        new("cost.per_1k_completion_tokens", Slot.Suite, "", "cost: { per_1k_completion_tokens: 0.5 }", Never),
        new("cost.per_gpu_hour", Slot.Suite, "", "cost: { per_gpu_hour: 2.5 }", Never),
        new("gates[].metric", Slot.Gates, "- { metric: token_f1, min: 0.1 }", "- { metric: exact_match, min: 0.1 }", Never),
        new("gates[].pipeline", Slot.Gates, "- { metric: token_f1, min: 0.1 }", "- { metric: token_f1, pipeline: p, min: 0.1 }", Never),
        new("gates[].min", Slot.Gates, "- { metric: token_f1, max: 0.9 }", "- { metric: token_f1, min: 0.1, max: 0.9 }", Never),
        new("gates[].max", Slot.Gates, "- { metric: token_f1, min: 0.1 }", "- { metric: token_f1, min: 0.1, max: 0.9 }", Never),
        new("gates[].compare", Slot.Gates, "", "- { compare: [p, q], metric: token_f1 }", Never),
        new("gates[].margin", Slot.Gates, "- { compare: [p, q], metric: token_f1 }", "- { compare: [p, q], metric: token_f1, margin: 0.05 }", Never),
        new("gates[].regression", Slot.Gates, "", "- { regression: true, margin: 0.02 }", Never),
        new("gates[].metrics", Slot.Gates, "- { regression: true, margin: 0.02 }", "- { regression: true, margin: 0.02, metrics: [token_f1] }", Never),
        new("gates[].relative_margin", Slot.Gates, "- { regression: true, margin: 0.02 }", "- { regression: true, margin: 0.02, relative_margin: 0.2 }", Never),
        new("gates[].error_budget", Slot.Gates, "", "- { error_budget: 0.1 }", Never),
        new("gates[].strict", Slot.Gates, "", "- { metric: faithfulness, min: 0.1, strict: true }", Never),
        new("calibration.labels", Slot.Suite, "", "calibration: { labels: dstc11-human-eval }", Never),
        new("calibration.min_auroc", Slot.Suite, "", "calibration: { min_auroc: 0.8 }", Never),
        new("tags", Slot.Suite, "", "tags: [nightly]", Never),
        new("report.formats", Slot.Suite, "", "report: { formats: [csv] }", Never),
    ];

    private static IEnumerable<Row> RowCases => Rows.Where(r => r.Key != "pipelines[].kind");

    [Test]
    public void EveryKeyTheSchemaDocumentsHasARowAndEveryRowADocumentedKey() =>
        Assert.That(Rows.Select(r => r.Key).Order(StringComparer.Ordinal), Is.EqualTo(DocumentedKeys()),
            "a key in suites/README.md's schema needs a row here saying which pipeline kinds honour it (and the reader must refuse it for the rest)");

    [Test]
    public void EveryVariantsBaseSuiteIsValidAndItsKindIsThePipelinesKind()
    {
        // The kind key's row: each variant's base suite (kind: <variant>) validates into a pipeline of that kind.
        Assert.Multiple(() =>
        {
            foreach (var variant in Variants)
            {
                var (text, _) = Build(variant, null, "");
                var validation = Validator.Value.Validate("suite.yaml", text);
                Assert.That(validation.Problems.Select(p => p.ToString()), Is.Empty, $"{variant}:\n{text}");
                Assert.That(validation.Suite?.Pipelines[0].Kind, Is.EqualTo(variant.Kind), variant.ToString());
            }
        });
    }

    [TestCaseSource(nameof(RowCases))]
    public void EveryDocumentedKeyChangesTheRunOrIsRefusedWhereItIsWritten(Row row)
    {
        Assert.Multiple(() =>
        {
            foreach (var variant in Variants)
            {
                var (withText, rowLines) = Build(variant, row, row.With, row.SuiteWith);
                var with = Validator.Value.Validate("suite.yaml", withText);
                if (row.Refused(variant))
                {
                    Assert.That(with.Problems.Where(p => rowLines.Contains((int)p.Line)).Select(p => p.ToString()), Is.Not.Empty,
                        $"{row.Key} on {variant}: validate must refuse it on one of lines {string.Join(", ", rowLines)}\n{withText}\nbut said: {string.Join("; ", with.Problems)}");
                    continue;
                }
                var (withoutText, _) = Build(variant, row, row.Without);
                var without = Validator.Value.Validate("suite.yaml", withoutText);
                Assert.That(with.Problems.Concat(without.Problems).Select(p => p.ToString()), Is.Empty, $"{row.Key} on {variant}:\n{withText}");
                if (with.Suite is { } suite && without.Suite is { } baseline)
                {
                    Assert.That(Fingerprint(suite), Is.Not.EqualTo(Fingerprint(baseline)), $"{row.Key} on {variant} changes nothing the run is given:\n{withText}");
                }
            }
        });
    }

    /// <summary>
    /// The suite text for a variant: two pipelines of its kind, p and q, and a gate on faithfulness (so the calibration
    /// bar decides something); the row's lines go into its slot, replacing a default entry with the same key. Returns the
    /// text and the lines the row wrote (a block opened for it included).
    /// </summary>
    private static (string Text, HashSet<int> RowLines) Build(Variant variant, Row? row, string rowText, string suiteWith = "")
    {
        var lines = new List<string>();
        var rowLines = new HashSet<int>();
        var own = row?.Slot;
        void Emit(string indent, IEnumerable<string> defaults, Slot slot, bool forP)
        {
            var mine = own == slot && forP ? rowText.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            var keys = mine.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
            foreach (var line in defaults.Where(d => !keys.Contains(KeyOf(d))))
            {
                lines.Add(indent + line);
            }
            foreach (var line in mine)
            {
                lines.Add(indent + line);
                rowLines.Add(lines.Count);
            }
        }
        void Block(string indent, string header, IEnumerable<string> defaults, Slot slot, bool present, bool forP)
        {
            var opened = !present && own == slot && forP;
            if (!present && !opened)
            {
                return;
            }
            lines.Add(indent + header);
            var headerLine = lines.Count;
            Emit(indent + "  ", defaults, slot, forP);
            if (opened)
            {
                rowLines.UnionWith(Enumerable.Range(headerLine, lines.Count - headerLine + 1));
            }
        }

        Emit("", ["name: walk", "dataset: walk"], Slot.Suite, forP: true);
        if (suiteWith.Length > 0)
        {
            lines.Add(suiteWith);
            rowLines.Add(lines.Count);
        }
        var suiteGenerator = variant.Local && !variant.FineTuned;
        Block("", "models:", suiteGenerator ? ["generator: stories260K"] : [], Slot.Models, present: suiteGenerator, forP: true);
        lines.Add("pipelines:");
        foreach (var name in new[] { "p", "q" })
        {
            var forP = name == "p";
            var pipeline = new List<string> { $"name: {name}", $"kind: {variant.Info.Name}" };
            if (variant.FineTuned)
            {
                pipeline.Add("model: stories260K");
            }
            var first = lines.Count;
            Emit("    ", pipeline, Slot.Pipeline, forP);
            lines[first] = "  - " + lines[first][4..];
            Block("    ", "retriever:", [$"kind: {RetrieverNames.Name(variant.RetrieverOrBm25)}"], Slot.Retriever, present: variant.Retriever is not null, forP);
            Block("    ", "train:", [], Slot.Train, present: false, forP);
            Block("    ", "remote:", ["base_url: \"http://localhost:8000/v1\"", "model: served"], Slot.Remote, present: variant.Remote, forP);
        }
        // A gate row's gates replace the base gate, whose metric gives the calibration bar something to decide.
        var gateRow = own == Slot.Gates && rowText.Length > 0;
        lines.Add("gates:");
        foreach (var gate in gateRow ? rowText.Split('\n') : ["- { metric: faithfulness, min: 0.1 }"])
        {
            lines.Add("  " + gate);
            if (gateRow)
            {
                rowLines.Add(lines.Count);
            }
        }
        return (string.Join('\n', lines) + "\n", rowLines);
    }

    private static string KeyOf(string line) => line.TrimStart('-', ' ').Split(':')[0];

    /// <summary>Everything of a validated suite the run reads, as text (its file path aside).</summary>
    private static string Fingerprint(SuiteDefinition suite) => JsonSerializer.Serialize(new
    {
        suite.Name,
        suite.Description,
        suite.Domain,
        suite.Dataset,
        suite.Split,
        suite.Limit,
        suite.Seed,
        suite.Scope,
        suite.Models,
        suite.Pipelines,
        suite.Sweeps,
        suite.Selection,
        suite.Metrics,
        suite.Evaluators,
        Labels = suite.Labels?.Rules.Select(r => $"{r.Label}: {r.Pattern}"),
        Gates = suite.Gates.Select(g => JsonSerializer.Serialize(g, g.GetType())),
        suite.Calibration,
        suite.Headline,
        suite.Cost,
        suite.Tags,
        suite.Formats,
    });

    /// <summary>A dataset card with labels and two splits (so split, labels and 'train: { data: split }' can change something), a second card, and a second generator card.</summary>
    private static SuiteValidator CreateValidator()
    {
        var datasets = Path.Combine(Root, "datasets");
        var models = Path.Combine(Root, "models");
        Directory.CreateDirectory(datasets);
        Directory.CreateDirectory(models);
        File.WriteAllText(Path.Combine(datasets, "walk.jsonl"),
            """{"id": "w1", "question": "Is the kite red?", "answers": ["yes"], "label": "positive", "doc": "kite", "context": "Tom has a red kite."}""" + "\n");
        foreach (var name in new[] { "walk", "walk-other" })
        {
            File.WriteAllText(Path.Combine(datasets, name + ".yaml"), $"""
                name: {name}
                description: The schema walk's dataset.
                domain: test
                licence: CC0-1.0
                importer: jsonl
                scope: document
                labels: [positive, negative]
                files:
                  - local: walk.jsonl
                fields: {"{"} question: question, reference: answers, label: label, document_id: doc, document_text: context {"}"}
                splits:
                  test:
                    files: {"{"} data: walk.jsonl {"}"}
                  dev:
                    files: {"{"} data: walk.jsonl {"}"}
                """);
        }
        foreach (var card in new[] { "stories260K.yaml", "stories260K-toyfacts-lora-r8.yaml" })
        {
            File.Copy(Path.Combine(TestRepository.Root, "models", card), Path.Combine(models, card), overwrite: true);
        }
        File.WriteAllText(Path.Combine(models, "walk-other.yaml"), "name: walk-other\nroles: [generator]\nfile: walk-other.gguf\ntype: F32\n", Encoding.UTF8);
        return new SuiteValidator(new DatasetCatalog(Root, Path.Combine(Root, "cache")), new ModelCatalog(models, Path.Combine(Root, "cache", "models")));
    }

    [OneTimeTearDown]
    public void RemoveTheCards()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
