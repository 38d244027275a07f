using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Core.Configuration;
using Harness.Core.Costs;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Models;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Suites;

/// <summary>What reading a suite file gave: the suite (null when it has problems), every problem, and the names to check against catalogs.</summary>
public sealed record SuiteReadResult(SuiteDefinition? Suite, IReadOnlyList<ConfigProblem> Problems, IReadOnlyList<SuiteReference> References)
{
    /// <summary>Settings that work but probably do not do what was meant (they never make a suite invalid).</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];
}

/// <summary>
/// Reads a suite file into a <see cref="SuiteDefinition"/>, collecting every problem of syntax, shape,
/// type and naming that the file alone can show (catalog checks are <see cref="SuiteValidator"/>'s).
/// </summary>
public static partial class SuiteReader
{
    /// <summary>Word pieces per word of English prose, roughly (scientific text runs higher); sizes chunks for a window.</summary>
    private const double WordPiecesPerWord = 4.0 / 3;

    /// <summary>The name a suite uses for a pipeline kind ("closed-book" for <see cref="PipelineKind.ClosedBook"/>).</summary>
    public static string KindName(PipelineKind kind) => PipelineKinds.Of(kind).Name;

    public static SuiteReadResult Read(string path) => Read(YamlFile.Load(path));

    public static SuiteReadResult Parse(string path, string text) => Read(YamlFile.Parse(path, text));

    private static SuiteReadResult Read(YamlFile file)
    {
        if (file.Root is not { } root)
        {
            return new SuiteReadResult(null, file.Problems, []);
        }
        var context = new ReadContext(file);
        var suite = context.Suite(root);
        return new SuiteReadResult(file.Problems.Count == 0 ? suite : null, file.Problems, context.References) { Warnings = file.Warnings };
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    private sealed partial class ReadContext(YamlFile file)
    {
        public List<SuiteReference> References { get; } = [];

        public SuiteDefinition Suite(YamlMap root)
        {
            var name = root.RequiredString("name", $"add 'name: {Path.GetFileNameWithoutExtension(file.Path)}'") ?? "";
            if (name.Length > 0 && !PathGuard.IsSafeName(name))
            {
                root.Report(root.Get("name")!, $"suite name '{name}' may hold only {PathGuard.NameRule} - it names the run's folder in results/ and its baseline file");
            }
            var dataset = root.RequiredString("dataset", "add 'dataset: <card name>' (a card in datasets/; './harness list datasets' shows them)") ?? "";
            Reference(SuiteReferenceKind.Dataset, dataset, "dataset", root.Get("dataset"));
            var split = root.String("split");
            Reference(SuiteReferenceKind.Split, split, "split", root.Get("split"));
            var models = Models(root.Map("models"));
            var generation = Generation(root.Map("generation"), new GenerationDefinition());
            var prompts = Prompts(root);
            var (metrics, evaluators) = Metrics(root);
            var evaluatorFamilies = evaluators.Select(e => e.ToMetricFamily()).ToArray();
            var seed = root.Int("seed") ?? 0;
            var pipelines = Pipelines(root, models, generation, prompts, seed);
            var selection = Selection(root, metrics, evaluatorFamilies);
            CheckSelection(root, selection);
            var suite = new SuiteDefinition
            {
                Name = name,
                Description = root.String("description") ?? "",
                Domain = root.String("domain") ?? "",
                Dataset = dataset,
                Split = split,
                Limit = root.Int("limit", min: 0) ?? 0,
                Seed = seed,
                Scope = DatasetCardReader.ReadScope(root, "scope"),
                Models = models,
                Pipelines = pipelines,
                Sweeps = [.. _sweeps],
                Selection = selection,
                Metrics = metrics,
                Evaluators = evaluators,
                Labels = Labels(root),
                Gates = Gates(root, metrics, evaluatorFamilies, pipelines),
                Calibration = Calibration(root),
                Headline = Headline(root, metrics, evaluatorFamilies),
                Cost = Cost(root.Map("cost")),
                Tags = [.. root.Strings("tags").Select(t => t.Value ?? "")],
                Formats = Formats(root.Map("report")),
                SourcePath = file.Path,
            };
            RefuseUnused(root, suite, prompts.Values);
            root.ReportUnknownKeys("a suite");
            return suite;
        }

        private SuiteModels Models(YamlMap? map)
        {
            if (map is null)
            {
                return new SuiteModels();
            }
            var remoteJudge = map.Get("judge") is YamlMappingNode ? JudgeRemote(map.Map("judge")!) : null;
            var models = new SuiteModels
            {
                Generator = map.String("generator"),
                Embedder = map.String("embedder"),
                Judge = map.Get("judge") is YamlMappingNode ? null : map.String("judge"),
                RemoteJudge = remoteJudge,
                Fluency = map.String("fluency"),
            };
            Reference(SuiteReferenceKind.Generator, models.Generator, "generator", map.Get("generator"));
            Reference(SuiteReferenceKind.Embedder, models.Embedder, "embedder", map.Get("embedder"));
            Reference(SuiteReferenceKind.Generator, models.Judge, "judge", map.Get("judge"));
            Reference(SuiteReferenceKind.Generator, models.Fluency, "fluency", map.Get("fluency"));
            map.ReportUnknownKeys("'models'");
            return models;
        }

        /// <summary><c>report: { formats: [csv, md, junit, html] }</c>: the formats named, each known and none twice; every format without the block.</summary>
        private static IReadOnlyList<string> Formats(YamlMap? map)
        {
            if (map is null)
            {
                return ReportFormats.Names;
            }
            var formats = new List<string>();
            foreach (var node in map.Strings("formats"))
            {
                var format = node.Value ?? "";
                if (ReportFormats.Unknown(format) is { } unknown)
                {
                    map.Report(node, unknown);
                }
                else if (formats.Contains(format))
                {
                    map.Report(node, $"report format '{format}' is named twice - name each once");
                }
                else
                {
                    formats.Add(format);
                }
            }
            if (!map.Has("formats"))
            {
                map.Report(map.Node, $"'report' needs 'formats', a list of {string.Join(", ", ReportFormats.Names)}");
            }
            map.ReportUnknownKeys("'report'");
            return formats;
        }

        private static CostRates? Cost(YamlMap? map)
        {
            if (map is null)
            {
                return null;
            }
            double Rate(string key)
            {
                var value = map.Double(key);
                if (value is < 0)
                {
                    map.Report(map.Get(key)!, $"'{key}' is a price, 0 or more");
                    return 0;
                }
                return value ?? 0;
            }
            var rates = new CostRates
            {
                Currency = map.String("currency") ?? "USD",
                PerThousandPromptTokens = Rate("per_1k_prompt_tokens"),
                PerThousandCompletionTokens = Rate("per_1k_completion_tokens"),
                PerGpuHour = Rate("per_gpu_hour"),
            };
            map.ReportUnknownKeys("'cost'");
            return rates;
        }

        /// <summary>'judge: { remote: { base_url, model, api_key_env } }': an OpenAI-compatible server judges claims.</summary>
        private static RemoteDefinition? JudgeRemote(YamlMap judge)
        {
            var remote = Remote(judge.Map("remote"));
            if (!judge.Has("remote"))
            {
                judge.Report(judge.Node, "a judge is a model card name or '{ remote: { base_url: …, model: … } }'");
            }
            judge.ReportUnknownKeys("'judge'");
            return remote;
        }

        /// <summary>'calibration: { labels: expertqa, min_auroc: 0.70 }': the bar a support scorer must clear before faithfulness can decide a gate.</summary>
        private static CalibrationRequirement Calibration(YamlMap root)
        {
            var defaults = new CalibrationRequirement();
            if (root.Map("calibration") is not { } map)
            {
                return defaults;
            }
            var labels = map.String("labels") ?? defaults.Labels;
            if (!CalibrationRequirement.LabelSets.Contains(labels))
            {
                map.Report(map.Get("labels")!, $"unknown human-label set '{labels}'{Suggestions.Hint(labels, CalibrationRequirement.LabelSets)}");
            }
            var minAuroc = map.Double("min_auroc") ?? defaults.MinAuroc;
            if (minAuroc is < 0.5 or > 1)
            {
                map.Report(map.Get("min_auroc")!, $"'min_auroc' must lie between 0.5 (chance) and 1, got {minAuroc.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            map.ReportUnknownKeys("'calibration'");
            return new CalibrationRequirement { Labels = labels, MinAuroc = minAuroc };
        }

        private static GenerationDefinition Generation(YamlMap? map, GenerationDefinition defaults)
        {
            if (map is null)
            {
                return defaults;
            }
            var generation = new GenerationDefinition
            {
                MaxTokens = map.Int("max_tokens", min: 1) ?? defaults.MaxTokens,
                Temperature = Temperature(map) ?? defaults.Temperature,
                Seed = map.Int("seed") ?? defaults.Seed,
            };
            return generation;
        }

        private static double? Temperature(YamlMap map)
        {
            var value = map.Double("temperature");
            if (value is < 0)
            {
                map.Report(map.Get("temperature")!, "'temperature' must be 0 (greedy) or more");
                return null;
            }
            return value;
        }

        private static Dictionary<string, PromptSource> Prompts(YamlMap root)
        {
            var prompts = new Dictionary<string, PromptSource>(StringComparer.Ordinal);
            if (root.Map("prompts") is not { } map)
            {
                return prompts;
            }
            // Asking for every valid key also makes each one a did-you-mean candidate for a misspelt key.
            foreach (var key in PipelineKinds.Names.Prepend("default"))
            {
                if (Prompt(map, key, PipelineKinds.Named(key)) is { } prompt)
                {
                    prompts[key] = prompt;
                }
            }
            map.ReportUnknownKeys("'prompts' (keys are 'default' or a pipeline kind)");
            return prompts;
        }

        /// <summary>A prompt: a template string, or {template, chat_template, system}; with where it was written, for the checks of who takes it.</summary>
        private static PromptSource? Prompt(YamlMap owner, string key, PipelineKindInfo? kind)
        {
            PromptTemplate? prompt;
            YamlNode? templateNode;
            YamlMap? mapping = null;
            switch (owner.Get(key))
            {
                case null:
                    return null;
                case YamlScalarNode scalar:
                    prompt = new PromptTemplate(scalar.Value ?? "");
                    templateNode = scalar;
                    break;
                case YamlMappingNode:
                    var map = mapping = owner.Map(key)!;
                    var template = map.RequiredString("template", "add 'template: \"...{question}...\"'");
                    templateNode = map.Get("template") ?? map.Node;
                    prompt = new PromptTemplate(template ?? "", map.Bool("chat_template") ?? false, map.String("system"));
                    map.ReportUnknownKeys($"'{key}'");
                    if (template is null)
                    {
                        return null;
                    }
                    break;
                case var other:
                    owner.Report(other, $"'{key}' must be a template string or a mapping with 'template:', not a list");
                    return null;
            }
            CheckPlaceholders(owner, templateNode, prompt.Template, kind);
            return new PromptSource(prompt, owner, key, mapping);
        }

        private static void CheckPlaceholders(YamlMap owner, YamlNode node, string template, PipelineKindInfo? kind)
        {
            foreach (Match match in Placeholder().Matches(template))
            {
                var name = match.Groups[1].Value;
                if (!PromptTemplate.Placeholders.Contains(name))
                {
                    owner.Report(node, $"unknown placeholder '{{{name}}}' in the prompt{Suggestions.Hint(name, PromptTemplate.Placeholders.Select(p => p))}");
                }
            }
            if (!template.Contains("{question}", StringComparison.Ordinal))
            {
                owner.Report(node, "the prompt has no {question} placeholder - add it where the question goes");
            }
            if (kind is { PromptNeedsContext: true } && !template.Contains("{context}", StringComparison.Ordinal))
            {
                owner.Report(node, "a retrieval pipeline's prompt needs a {context} placeholder, or the retrieved passages are never shown to the model");
            }
        }

        /// <summary>The built-in families and ids the suite names, and the MEAI evaluators it runs (mapping items).</summary>
        private (List<string> Metrics, List<EvaluatorDefinition> Evaluators) Metrics(YamlMap root)
        {
            if (!root.Has("metrics"))
            {
                return ([.. KnownMetrics.DefaultFamilies], []);
            }
            var metrics = new List<string>();
            var evaluators = new List<EvaluatorDefinition>();
            IEnumerable<YamlNode> items = root.Get("metrics") is YamlSequenceNode sequence ? sequence : root.Strings("metrics");
            foreach (var node in items)
            {
                if (node is YamlMappingNode mapping)
                {
                    var map = new YamlMap(mapping, file);
                    if (Evaluator(map, evaluators) is { } evaluator)
                    {
                        evaluators.Add(evaluator);
                    }
                    map.ReportUnknownKeys("an evaluator");
                    continue;
                }
                var metric = (node as YamlScalarNode)?.Value ?? "";
                if (node is not YamlScalarNode)
                {
                    root.Report(node, "items of 'metrics' must be a family, a metric id or an evaluator mapping ('{ evaluator: <type, assembly>, project: <.csproj> }'), not a list");
                }
                else if (KnownMetrics.IsFamily(metric) || KnownMetrics.IsKnown(metric))
                {
                    metrics.Add(metric);
                }
                else
                {
                    root.Report(node, KnownMetrics.Unknown(metric, "a metric family or id"));
                }
            }
            return (metrics, evaluators);
        }

        /// <summary>
        /// An MEAI evaluator as a family: its type ("Namespace.Type, Assembly"), where its assembly comes from (a project
        /// built before the run, or a built .dll; paths relative to the suite file), its family name (default: the
        /// type's name without "Evaluator", in snake case) and the metrics it returns with their kinds.
        /// </summary>
        private EvaluatorDefinition? Evaluator(YamlMap map, List<EvaluatorDefinition> earlier)
        {
            var typeName = map.RequiredString("evaluator", "add 'evaluator: \"<Namespace.Type>, <Assembly>\"'");
            var parts = typeName?.Split(',', 2, StringSplitOptions.TrimEntries);
            if (typeName is not null && (parts!.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0))
            {
                map.Report(map.Get("evaluator")!, $"evaluator '{typeName}' must be an assembly-qualified type name, '<Namespace.Type>, <Assembly>' - e.g. \"Contoso.Evals.ToneEvaluator, Contoso.Evals\"");
                typeName = null;
            }
            var project = EvaluatorFile(map, "project", ".csproj");
            var assembly = EvaluatorFile(map, "assembly", ".dll");
            if (map.Has("project") == map.Has("assembly"))
            {
                map.Report(map.Node, "an evaluator needs exactly one of 'project: <.csproj path>' (built before the run) or 'assembly: <.dll path>' (loaded as it is), relative to the suite file");
            }
            var family = map.String("name") ?? (parts is [var type, _] ? EvaluatorDefinition.SnakeCase(Regex.Replace(type.Split('.')[^1], "Evaluator$", "")) : null);
            if (family is not null && (family.Length == 0 || family != EvaluatorDefinition.SnakeCase(family)))
            {
                var suggestion = EvaluatorDefinition.SnakeCase(family) is { Length: > 0 } snake ? snake : "tone";
                map.Report(map.Get("name") ?? map.Node, $"evaluator family name '{family}' must be lower-case letters, digits and '_' - e.g. '{suggestion}'");
                family = null;
            }
            else if (family is not null && (KnownMetrics.IsFamily(family) || earlier.Any(e => e.Family == family)))
            {
                map.Report(map.Get("name") ?? map.Node, $"evaluator family '{family}' is already a family of this suite - give the evaluator another 'name:'");
                family = null;
            }
            var metrics = new List<EvaluatorMetricDefinition>();
            var returns = map.Entries("returns");
            if (returns.Count == 0 && map.Get("returns") is null or YamlMappingNode)
            {
                map.Report(map.Get("returns") ?? map.Node, "an evaluator needs 'returns:', its EvaluationMetricNames with their kinds - e.g. 'returns: { Words: numeric, Within Bounds: boolean, Tone: [formal, casual] }'");
            }
            foreach (var (nameNode, kindNode) in returns)
            {
                var name = nameNode.Value ?? "";
                var id = $"{family}.{EvaluatorDefinition.SnakeCase(name)}";
                if (EvaluatorMetric(map, name, id, kindNode) is { } metric)
                {
                    if (metrics.Any(m => m.Id == id))
                    {
                        map.Report(nameNode, $"'{name}' gives the id '{id}', as an earlier metric of this evaluator does - metric names must differ in more than case and punctuation");
                        continue;
                    }
                    metrics.Add(metric);
                }
            }
            return typeName is null || family is null || project is null && assembly is null || metrics.Count == 0
                ? null
                : new EvaluatorDefinition(family, parts![0], parts[1], metrics) { Project = project, Assembly = assembly };
        }

        private static EvaluatorMetricDefinition? EvaluatorMetric(YamlMap map, string name, string id, YamlNode kindNode)
        {
            if (EvaluatorDefinition.SnakeCase(name).Length == 0)
            {
                map.Report(kindNode, $"evaluator metric name '{name}' has no letter or digit to make an id of");
                return null;
            }
            switch (kindNode)
            {
                case YamlScalarNode { Value: "numeric" }:
                    return new(name, id, EvaluatorMetricKind.Numeric, []);
                case YamlScalarNode { Value: "boolean" }:
                    return new(name, id, EvaluatorMetricKind.Boolean, []);
                case YamlSequenceNode values when values.Children.All(v => v is YamlScalarNode { Value: { Length: > 0 } value } && EvaluatorValue().IsMatch(value)) && values.Children.Count > 0:
                    var declared = values.Children.Select(v => ((YamlScalarNode)v).Value!).ToArray();
                    if (declared.Distinct(StringComparer.Ordinal).Count() != declared.Length)
                    {
                        map.Report(kindNode, $"the values of '{name}' repeat one - list each once");
                        return null;
                    }
                    return new(name, id, EvaluatorMetricKind.String, declared);
                default:
                    map.Report(kindNode, $"the kind of '{name}' must be numeric, boolean, or the list of values a string metric takes (letters, digits, '_', '-', '.'), e.g. [formal, casual]");
                    return null;
            }
        }

        /// <summary>A path key of an evaluator, resolved against the suite file's folder; it must end with <paramref name="extension"/> and exist.</summary>
        private string? EvaluatorFile(YamlMap map, string key, string extension)
        {
            if (map.String(key) is not { } relative)
            {
                return null;
            }
            var path = Path.GetFullPath(relative, Path.GetDirectoryName(Path.GetFullPath(file.Path))!);
            if (!path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                map.Report(map.Get(key)!, $"'{key}' must name a {extension} file, got '{relative}'");
                return null;
            }
            if (!File.Exists(path))
            {
                map.Report(map.Get(key)!, $"{key} '{relative}' is missing at {path} - the path is relative to the suite file");
                return null;
            }
            return path;
        }

        [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
        private static partial Regex EvaluatorValue();

        private List<PipelineDefinition> Pipelines(YamlMap root, SuiteModels models, GenerationDefinition generation, Dictionary<string, PromptSource> prompts, int seed)
        {
            var items = root.Maps("pipelines");
            if (items.Count == 0 && !root.Has("pipelines"))
            {
                root.Report(root.Node, "missing 'pipelines' - add at least one, e.g. '- { name: closed-book, kind: closed-book }'");
            }
            var pipelines = new List<PipelineDefinition>();
            foreach (var item in items)
            {
                var read = item.Has("sweep") ? SweptPipeline(item, models, generation, prompts, seed) : Pipeline(item, models, generation, prompts, seed);
                if (read is not { } pipeline)
                {
                    continue;
                }
                if (pipelines.Any(p => p.Name == pipeline.Name))
                {
                    item.Report(item.Get("name")!, $"two pipelines are named '{pipeline.Name}' - pipeline names key results and gates; make them unique");
                    continue;
                }
                pipelines.Add(pipeline);
            }
            return pipelines;
        }

        private PipelineDefinition? Pipeline(YamlMap map, SuiteModels models, GenerationDefinition generation, Dictionary<string, PromptSource> prompts, int seed)
        {
            var name = map.RequiredString("name", "add 'name: <pipeline name>'");
            var kindName = map.RequiredString("kind", $"add 'kind: <{string.Join("|", PipelineKinds.Names)}>'");
            PipelineKindInfo? kind = null;
            if (kindName is not null)
            {
                kind = PipelineKinds.Named(kindName);
                if (kind is null)
                {
                    map.Report(map.Get("kind")!, $"unknown pipeline kind '{kindName}'{Suggestions.Hint(kindName, PipelineKinds.Names)}");
                }
            }
            var retriever = Retriever(map, models, hasGenerator: models.Generator is not null || map.Has("model"));
            var model = map.String("model");
            Reference(SuiteReferenceKind.Generator, model, $"model of pipeline '{name}'", map.Get("model"));
            var adapters = Adapters(map, model ?? models.Generator);
            var training = Training(map, seed);
            if (training is not null)
            {
                Reference(SuiteReferenceKind.TrainedBase, model ?? models.Generator, $"base of pipeline '{name}'", map.KeyNode("train"));
                Reference(SuiteReferenceKind.TrainingSplit, training.Split, $"training split of pipeline '{name}'", map.Map("train")?.Get("split"));
            }
            var ownPrompt = Prompt(map, "prompt", kind);
            var pipelineGeneration = generation with
            {
                MaxTokens = map.Int("max_tokens", min: 1) ?? generation.MaxTokens,
                Temperature = Temperature(map) ?? generation.Temperature,
                Seed = map.Int("seed") ?? generation.Seed,
            };
            var remote = Remote(map.Map("remote"));
            map.ReportUnknownKeys($"pipeline '{name}'");
            if (name is null || kind is null)
            {
                return null;
            }
            // A kind that generates nothing takes no prompt and no generation settings, so its definition holds none.
            var prompt = kind.Generates ? ownPrompt ?? prompts.GetValueOrDefault(kindName!) ?? prompts.GetValueOrDefault("default") : null;
            var pipeline = new PipelineDefinition
            {
                Name = name,
                Kind = kind.Kind,
                Model = model ?? (kind.LocalModel ? models.Generator : null),
                Adapters = adapters,
                Training = training,
                Retriever = retriever,
                Prompt = prompt?.Template,
                Generation = kind.Generates ? pipelineGeneration : new GenerationDefinition(),
                Remote = remote,
            };
            CheckKind(map, kind, pipeline, model is not null);
            _uses.Add(new PipelineUse(pipeline, kind, OwnModel: model is not null, OwnEmbedder: map.Get("retriever") is YamlMappingNode retrieverNode && new YamlMap(retrieverNode, file).Has("embedder"), prompt));
            if (kind.Generates && ownPrompt is not null)
            {
                RefuseUnsentPromptSettings(ownPrompt, [kind]);
            }
            return pipeline;
        }

        private static readonly Dictionary<string, TrainingData> _trainingData = new(StringComparer.Ordinal)
        {
            ["corpus"] = TrainingData.Corpus,
            ["split"] = TrainingData.Split,
        };

        /// <summary>A pipeline's 'train:' block (TrainingDefinition); every number is checked to be usable.</summary>
        private static TrainingDefinition? Training(YamlMap pipeline, int seed)
        {
            if (pipeline.Get("train") is { } node && node is not YamlMappingNode)
            {
                pipeline.Report(node, "'train' must be a mapping, e.g. 'train: { data: corpus, epochs: 2, learning_rate: 1.0e-4, context: 256 }'");
                return null;
            }
            if (pipeline.Map("train") is not { } map)
            {
                return null;
            }
            var dataName = map.RequiredString("data", "add 'data: corpus' (the suite's documents) or 'data: split' (the question/answer pairs of 'split:')");
            TrainingData? data = null;
            if (dataName is not null)
            {
                if (_trainingData.TryGetValue(dataName, out var known))
                {
                    data = known;
                }
                else
                {
                    map.Report(map.Get("data")!, $"unknown training data '{dataName}'{Suggestions.Hint(dataName, _trainingData.Keys)} - use corpus or split");
                }
            }
            var split = map.String("split");
            if (data == TrainingData.Split && split is null && !map.Has("split"))
            {
                map.Report(map.Node, "'data: split' needs 'split: <a split of the dataset that is not evaluated>', e.g. 'split: dev'");
            }
            if (data == TrainingData.Corpus && split is not null)
            {
                map.Report(map.KeyNode("split"), "'split' only applies to 'data: split' - remove it, or train on the split's question/answer pairs with 'data: split'");
            }
            var defaults = new TrainingDefinition { Data = TrainingData.Corpus };
            var learningRate = map.Double("learning_rate");
            if (learningRate is <= 0)
            {
                map.Report(map.Get("learning_rate")!, $"'learning_rate' must be above 0, got {learningRate} - e.g. 1.0e-4");
                learningRate = null;
            }
            var validation = map.Double("validation");
            if (validation is <= 0 or >= 1)
            {
                map.Report(map.Get("validation")!, $"'validation' is the share of windows held out, above 0 and below 1, got {validation} - e.g. 0.1");
                validation = null;
            }
            var training = defaults with
            {
                Split = split,
                Epochs = map.Int("epochs", min: 1) ?? defaults.Epochs,
                LearningRate = learningRate ?? defaults.LearningRate,
                Context = map.Int("context", min: 8) ?? defaults.Context,
                Batch = map.Int("batch", min: 1),
                Seed = map.Int("seed") ?? seed,
                Limit = map.Int("limit", min: 1),
                Validation = validation ?? defaults.Validation,
                Patience = map.Int("patience", min: 0) ?? defaults.Patience,
            };
            if (training.Batch is { } batch && training.Context % batch != 0)
            {
                map.Report(map.Get("batch")!, $"'batch' ({batch}) must divide 'context' ({training.Context}) - a window is trained in equal steps, e.g. batch {training.Context / 2}");
            }
            map.ReportUnknownKeys("'train'");
            return data is { } trainingData ? training with { Data = trainingData } : null;
        }

        /// <summary>What the kind needs and forbids (<see cref="PipelineKindInfo"/>), so a pipeline never silently ignores a setting.</summary>
        private static void CheckKind(YamlMap map, PipelineKindInfo info, PipelineDefinition pipeline, bool hasOwnModel)
        {
            var kind = info.Name;
            if (info.Retriever == RetrieverUse.Required && pipeline.Retriever is null && !map.Has("retriever"))
            {
                map.Report(map.Node, $"a {kind} pipeline needs a 'retriever:' - e.g. 'retriever: {{ kind: bm25, top_k: 5 }}'");
            }
            if (info.Retriever == RetrieverUse.None && map.Has("retriever"))
            {
                map.Report(map.KeyNode("retriever"), $"a {kind} pipeline retrieves nothing - remove 'retriever:' or use kind {Suggested(info.WithRetrieval)}");
            }
            if (info.FineTuned && pipeline.Adapters.Count == 0 && !hasOwnModel && !map.Has("train"))
            {
                map.Report(map.Node, $"a {kind} pipeline needs 'adapter: <LoRA card>', 'model: <fine-tuned model card>' or 'train: {{ data: corpus }}' (the harness fine-tunes the generator)");
            }
            if (!info.FineTuned && map.Has("train"))
            {
                map.Report(map.KeyNode("train"), $"a {kind} pipeline uses its model as it is - 'train:' applies to kinds {string.Join(" and ", PipelineKinds.All.Where(k => k.FineTuned).Select(k => k.Name))}");
            }
            if (map.Has("train") && (map.Has("adapter") || map.Has("adapters")))
            {
                map.Report(map.KeyNode(map.Has("adapter") ? "adapter" : "adapters"), "'train:' fine-tunes all of the model's weights - remove the adapter, or drop 'train:' to use the adapter");
            }
            if (pipeline.Training is { Data: TrainingData.Split } && pipeline.Prompt is { UseChatTemplate: true })
            {
                map.Report(map.KeyNode("train"), "training on 'data: split' formats pairs with the plain prompt; a chat-template prompt is not supported for training yet - set 'chat_template: false'");
            }
            if (info.BaseModel && (map.Has("adapter") || map.Has("adapters")))
            {
                map.Report(map.KeyNode(map.Has("adapter") ? "adapter" : "adapters"), $"a {kind} pipeline uses the base model - remove the adapter or use kind {Suggested(info.WithFineTuning)}");
            }
            if (info.Remote && pipeline.Remote is null && !map.Has("remote"))
            {
                map.Report(map.Node, $"a {kind} pipeline needs 'remote: {{ base_url: http://host:8000/v1, model: <served model> }}'");
            }
            if (!info.Remote && map.Has("remote"))
            {
                map.Report(map.KeyNode("remote"), $"'remote:' only applies to kind {string.Join(" or ", PipelineKinds.All.Where(k => k.Remote).Select(k => k.Name))}, not {kind}");
            }
            if (!info.Generates)
            {
                foreach (var key in GenerationKeys.Where(map.Has))
                {
                    map.Report(map.KeyNode(key), $"a pipeline of kind {kind} answers without a model, so '{key}' means nothing to it - remove it");
                }
            }
            if (!info.LocalModel && map.Has("model"))
            {
                map.Report(map.KeyNode("model"), info.Remote
                    ? $"a pipeline of kind {kind} generates with the server's model - name it in 'remote: {{ model: … }}' and remove 'model:'"
                    : $"a pipeline of kind {kind} runs no model - remove 'model:'");
            }
            if (info.Remote && (map.Has("adapter") || map.Has("adapters")))
            {
                map.Report(map.KeyNode(map.Has("adapter") ? "adapter" : "adapters"), $"a pipeline of kind {kind} generates on a server with its own weights - adapters apply to local models only; remove it");
            }
            if (info.LocalModel && pipeline.Model is null)
            {
                map.Report(map.Node, $"pipeline '{pipeline.Name}' generates but has no model - add 'models: {{ generator: <model card> }}' to the suite or 'model:' to the pipeline");
            }
        }

        private static string Suggested(PipelineKind? kind) => kind is { } other ? PipelineKinds.Of(other).Name : "another kind";

        private RetrieverDefinition? Retriever(YamlMap pipeline, SuiteModels models, bool hasGenerator)
        {
            YamlMap? map;
            string? kindName;
            YamlNode? kindNode;
            if (pipeline.Get("retriever") is YamlScalarNode shorthand)
            {
                map = null;
                kindName = shorthand.Value;
                kindNode = shorthand;
            }
            else if (pipeline.Map("retriever") is { } retrieverMap)
            {
                map = retrieverMap;
                kindName = map.RequiredString("kind", $"add 'kind: <{string.Join("|", RetrieverNames.Kinds.Keys)}>'");
                kindNode = map.Get("kind");
            }
            else
            {
                return null;
            }
            RetrieverKind? kind = null;
            if (kindName is not null)
            {
                if (RetrieverNames.Kinds.TryGetValue(kindName, out var known))
                {
                    kind = known;
                }
                else
                {
                    pipeline.Report(kindNode!, RetrieverNames.UnknownKind(kindName));
                }
            }
            var defaults = new RetrieverDefinition { Kind = kind ?? RetrieverKind.Bm25 };
            if (map is null)
            {
                return kind is null ? null : defaults with { Embedder = kind == RetrieverKind.Bm25 ? null : models.Embedder ?? RetrieverDefinition.DefaultEmbedder };
            }
            var embedder = map.String("embedder");
            Reference(SuiteReferenceKind.Embedder, embedder, "embedder", map.Get("embedder"));
            var retriever = defaults with
            {
                TopK = map.Int("top_k") ?? defaults.TopK,
                Chunk = Chunk(map, hasGenerator),
                Embedder = kind == RetrieverKind.Bm25 ? null : embedder ?? models.Embedder ?? RetrieverDefinition.DefaultEmbedder,
                Index = map.String("index") ?? defaults.Index,
                RrfK = map.Int("rrf_k") ?? defaults.RrfK,
            };
            // The definition's own rules, each reported at its key (the chunk's were reported by Chunk).
            foreach (var problem in retriever.Problems())
            {
                map.Report(map.Get(problem.Setting) ?? map.Node, problem.Message);
            }
            if (kind == RetrieverKind.Bm25 && embedder is not null)
            {
                map.Report(map.KeyNode("embedder"), "a bm25 retriever uses no embedder - remove 'embedder:' or use kind dense or hybrid");
            }
            if (kind == RetrieverKind.Bm25 && map.Has("index"))
            {
                map.Report(map.KeyNode("index"), "a bm25 retriever has no vector index - 'index' (a FAISS factory string) applies to kinds dense and hybrid; remove it");
            }
            if (kind is { } other && other != RetrieverKind.Hybrid && map.Has("rrf_k"))
            {
                map.Report(map.KeyNode("rrf_k"), $"a {RetrieverNames.Name(other)} retriever fuses no rankings - 'rrf_k' (the fusion constant) applies to kind hybrid; remove it");
            }
            if (kind != RetrieverKind.Bm25 && retriever.Chunk is { Unit: ChunkUnit.Words } chunk && retriever.Embedder is { } name
                && BuiltInEmbedders.Named(name) is { Window: { } tokens } && chunk.Size * WordPiecesPerWord > tokens)
            {
                map.Warn(map.Get("chunk")!, string.Create(CultureInfo.InvariantCulture,
                    $"chunks of {chunk.Size} words run to about {chunk.Size * WordPiecesPerWord:0} word pieces, more than embedder '{name}' reads ({tokens}): the end of a longer chunk is never embedded - use chunk words of at most {(int)(tokens / WordPiecesPerWord)}"));
            }
            map.ReportUnknownKeys("'retriever'");
            return kind is null ? null : retriever;
        }

        /// <summary>
        /// 'chunk: passages' (the dataset's own units), 'chunk: { words: N, overlap: M }' or 'chunk: { tokens: N, overlap: M }'
        /// (the generator's tokens; without a generator model there is nothing to count them with, so they count words, with a warning).
        /// </summary>
        private static ChunkDefinition? Chunk(YamlMap retriever, bool hasGenerator)
        {
            switch (retriever.Get("chunk"))
            {
                case null:
                    return null;
                case YamlScalarNode { Value: "passages" }:
                    return null;
                case YamlMappingNode:
                    var map = retriever.Map("chunk")!;
                    var words = map.Int("words");
                    var tokens = map.Int("tokens");
                    var overlap = map.Int("overlap") ?? 0;
                    map.ReportUnknownKeys("'chunk'");
                    if (map.Has("words") && map.Has("tokens"))
                    {
                        map.Report(map.KeyNode("tokens")!, "give 'words' or 'tokens', not both - 'words' counts white-space separated words, 'tokens' the generator's tokens");
                        return null;
                    }
                    var unit = map.Has("tokens") ? ChunkUnit.Tokens : ChunkUnit.Words;
                    var size = unit == ChunkUnit.Tokens ? tokens : words;
                    if (size is null)
                    {
                        if (!map.Has("words") && !map.Has("tokens"))
                        {
                            map.Report(map.Node, "missing the chunk size - e.g. 'chunk: { words: 200, overlap: 40 }' or 'chunk: { tokens: 256, overlap: 32 }' (the generator's tokens)");
                        }
                        return null;
                    }
                    var problems = new ChunkDefinition(unit, size.Value, overlap).Problems();
                    foreach (var problem in problems)
                    {
                        map.Report(map.Get(problem.Setting) ?? map.Node, problem.Message);
                    }
                    if (problems.Count > 0)
                    {
                        return null;
                    }
                    if (unit == ChunkUnit.Tokens && !hasGenerator)
                    {
                        map.Warn(map.KeyNode("tokens")!, $"chunk 'tokens' are the generator's tokens, and this pipeline has no generator model: counted as words - say 'words: {size}'");
                        unit = ChunkUnit.Words;
                    }
                    return new ChunkDefinition(unit, size.Value, overlap);
                case var other:
                    retriever.Report(other, "'chunk' must be 'passages' (the dataset's own passages), '{ words: 200, overlap: 40 }' or '{ tokens: 256, overlap: 32 }' (the generator's tokens)");
                    return null;
            }
        }

        private List<AdapterDefinition> Adapters(YamlMap pipeline, string? generator)
        {
            var nodes = new List<YamlNode>();
            if (pipeline.Get("adapter") is { } single)
            {
                nodes.Add(single);
            }
            switch (pipeline.Get("adapters"))
            {
                case YamlSequenceNode list:
                    nodes.AddRange(list);
                    break;
                case { } other:
                    pipeline.Report(other, "'adapters' must be a list of adapter cards or '{ name, scale }' entries");
                    break;
            }
            var adapters = new List<AdapterDefinition>();
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case YamlScalarNode { Value: { Length: > 0 } name }:
                        Reference(SuiteReferenceKind.Adapter, name, "adapter", node, generator);
                        adapters.Add(new AdapterDefinition(name));
                        break;
                    case YamlMappingNode mapping:
                        var map = new YamlMap(mapping, file);
                        var adapterName = map.RequiredString("name", "add 'name: <adapter card>'");
                        var scale = map.Double("scale") ?? 1.0;
                        map.ReportUnknownKeys("an adapter");
                        if (adapterName is not null)
                        {
                            Reference(SuiteReferenceKind.Adapter, adapterName, "adapter", map.Get("name"), generator);
                            adapters.Add(new AdapterDefinition(adapterName, (float)scale));
                        }
                        break;
                    default:
                        pipeline.Report(node, "an adapter is a card name or '{ name: <card>, scale: 1.0 }'");
                        break;
                }
            }
            return adapters;
        }

        private static RemoteDefinition? Remote(YamlMap? map)
        {
            if (map is null)
            {
                return null;
            }
            var baseUrl = map.RequiredString("base_url", "add 'base_url: http://host:8000/v1'");
            var model = map.RequiredString("model", "add 'model: <the served model's name>'");
            var keyEnv = map.String("api_key_env");
            var timeout = map.Double("timeout_s");
            if (timeout is <= 0)
            {
                map.Report(map.Get("timeout_s")!, $"'timeout_s' must be more than 0 seconds, got {timeout}");
            }
            var retries = map.Int("retries", min: 0);
            if (retries is > 10)
            {
                map.Report(map.Get("retries")!, $"'retries' must be at most 10 (each waits up to 'timeout_s'), got {retries}");
            }
            var concurrency = map.Int("concurrency", min: 1);
            if (concurrency is > 256)
            {
                map.Report(map.Get("concurrency")!, $"'concurrency' must be at most 256 requests at once, got {concurrency}");
            }
            if (baseUrl is not null && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
            {
                map.Report(map.Get("base_url")!, $"'base_url' must be an absolute URL like http://localhost:8000/v1, got '{baseUrl}'");
            }
            if (map.Has("api_key"))
            {
                map.Report(map.KeyNode("api_key"), "never put a key in a suite - set 'api_key_env: <VARIABLE>' and export the key in that variable");
            }
            map.ReportUnknownKeys("'remote'");
            return baseUrl is null || model is null ? null : new RemoteDefinition(baseUrl, model, keyEnv)
            {
                TimeoutSeconds = timeout is > 0 ? timeout.Value : RemoteDefinition.DefaultTimeoutSeconds,
                Retries = retries ?? RemoteDefinition.DefaultRetries,
                Concurrency = concurrency,
            };
        }

        private LabelMapping? Labels(YamlMap root)
        {
            var entries = root.Entries("labels");
            if (entries.Count == 0)
            {
                return null;
            }
            var rules = new List<LabelRule>();
            foreach (var (labelNode, patterns) in entries)
            {
                var label = labelNode.Value ?? "";
                Reference(SuiteReferenceKind.Label, label, "label", labelNode);
                IEnumerable<YamlNode> items = patterns switch
                {
                    YamlSequenceNode list => list,
                    _ => [patterns],
                };
                foreach (var item in items)
                {
                    if (item is not YamlScalarNode { Value: { Length: > 0 } pattern })
                    {
                        root.Report(item, $"the patterns of label '{label}' must be regular expressions or keywords (text), one per item");
                        continue;
                    }
                    try
                    {
                        rules.Add(new LabelRule(label, new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
                    }
                    catch (ArgumentException e)
                    {
                        root.Report(item, $"invalid regular expression for label '{label}': {e.Message}");
                    }
                }
            }
            return new LabelMapping(rules);
        }

        /// <summary>Each gate is read by the first type in <see cref="GateTypes"/> whose key it has.</summary>
        private static List<GateDefinition> Gates(YamlMap root, List<string> metrics, IReadOnlyList<MetricFamily> evaluators, List<PipelineDefinition> pipelines)
        {
            var gates = new List<GateDefinition>();
            foreach (var map in root.Maps("gates"))
            {
                var strict = map.Bool("strict") ?? false;
                if (GateTypes.All.FirstOrDefault(t => map.Has(t.Key)) is not { } type)
                {
                    map.Report(map.Node, GateTypes.Missing);
                    continue;
                }
                var gate = type.Read(new GateReader(map, metrics, evaluators, pipelines));
                map.ReportUnknownKeys("a gate");
                if (gate is not null)
                {
                    gates.Add(gate with { Strict = strict });
                }
            }
            return gates;
        }

        private static string? Headline(YamlMap root, List<string> metrics, IReadOnlyList<MetricFamily> evaluators)
        {
            var headline = root.String("headline");
            return headline is null ? null : GateReader.CheckMetric(root, root.Get("headline")!, headline, metrics, evaluators);
        }

        private void Reference(SuiteReferenceKind kind, string? name, string usage, YamlNode? node, string? appliesTo = null)
        {
            // A swept pipeline is read once per variant: its names are checked once.
            var reference = name is not null && node is not null
                ? new SuiteReference(kind, name, usage, file.Path, node.Start.Line, node.Start.Column) { AppliesTo = appliesTo }
                : null;
            if (reference is not null && !References.Contains(reference))
            {
                References.Add(reference);
            }
        }
    }
}
