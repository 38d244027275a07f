using System.Globalization;
using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Llama;
using Harness.Llama.AI;
using Harness.Llama.Generation;
using Harness.Llama.Native;
using Harness.Pipelines.Extractive;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Generative;
using Harness.Pipelines.Prompts;
using Harness.Pipelines.Remote;
using Harness.Pipelines.Training;
using Harness.Retrieval.Chunking;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Harness.Retrieval.Retrievers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Harness.Pipelines;

/// <summary>
/// Builds a suite's pipelines. Each model file loads once per run and is shared by every pipeline that
/// uses it (with that pipeline's adapters applied per batch); identical retrievers are built once; every
/// generator sits behind the generation cache unless the run turns it off. A pipeline with a <c>train:</c>
/// block gets its model from <see cref="FineTuner"/> before any case runs; if training fails, its cases
/// fail with the reason and the other pipelines run.
/// </summary>
public sealed class DefaultPipelineFactory(ModelCatalog models, IndexCache indexes, EmbedderFactory embedders, ILogger logger, FineTuner? fineTuner = null) : IPipelineFactory
{
    private readonly FineTuner _fineTuner = fineTuner ?? new FineTuner(models, new DatasetCatalog(), new TrainedModelCache(TrainedModelCache.DefaultDirectory), logger);

    public async Task<PipelineSet> CreateAsync(SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var build = new Build(models, indexes, embedders, _fineTuner, logger, suite, dataset, options, cancellationToken);
        try
        {
            var pipelines = new List<Core.Pipelines.IPipeline>();
            var infos = new List<PipelineInfo>();
            foreach (var definition in suite.Pipelines)
            {
                var pipeline = await build.CreateAsync(definition, cancellationToken).ConfigureAwait(false);
                pipelines.Add(pipeline);
                var index = build.IndexOf(definition.Name);
                // Like the index, a reused model carries the cost recorded when it was trained.
                var training = build.Trainings.LastOrDefault(t => t.Pipeline == definition.Name && t.Error is null);
                // The window note lands in run.json and the report beside the settings that caused it.
                var note = index?.Embedding?.TruncationNote;
                infos.Add(new PipelineInfo(pipeline.Name, pipeline.Kind, pipeline.Retrieves, note is null ? Describe(definition) : $"{Describe(definition)}; {note}")
                {
                    IndexBuildSeconds = index?.BuildTime.TotalSeconds,
                    IndexSizeBytes = index?.SizeBytes,
                    TrainingSeconds = training?.WallSeconds,
                    TrainingTokens = training?.TrainedTokens,
                });
            }
            var usesLocalModel = build.ModelFiles.Any(m => m.Role is "generator" or "adapter");
            return new PipelineSet(
                pipelines, infos, build.ModelFiles, build.Threads,
                usesLocalModel ? LlamaNativeLibrary.BuildIdentity() : null,
                usesLocalModel ? string.Join(", ", LlamaNativeLibrary.Backends()) : null,
                build.Shared)
            {
                Trainings = build.Trainings,
            };
        }
        catch
        {
            foreach (var resource in build.Shared.AsEnumerable().Reverse())
            {
                resource.Dispose();
            }
            throw;
        }
    }

    private static string Describe(PipelineDefinition definition)
    {
        var parts = new List<string>();
        if (definition.Model is { } model)
        {
            parts.Add(definition.Training is null ? $"model {model}" : $"model {model} fine-tuned here");
        }
        if (definition.Training is { } training)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"trained on {(training.Data == TrainingData.Corpus ? "corpus" : "split " + training.Split)}, {training.Epochs} epochs, learning rate {training.LearningRate:0.###e+0}, context {training.Context}"));
        }
        parts.AddRange(definition.Adapters.Select(a => string.Create(CultureInfo.InvariantCulture, $"adapter {a.Name}×{a.Scale:0.##}")));
        if (definition.Retriever is { } retriever)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{retriever.Kind.ToString().ToLowerInvariant()} top-{retriever.TopK}")
                + (retriever.Kind == RetrieverKind.Bm25 ? "" : $" {retriever.EmbedderName} {retriever.Index}")
                + (retriever.Chunk is { } chunk ? string.Create(CultureInfo.InvariantCulture, $" chunks {chunk.Size}/{chunk.Overlap} {chunk.UnitName}") : " dataset passages"));
        }
        if (definition.Remote is { } remote)
        {
            parts.Add($"remote {remote.Model} at {remote.BaseUrl}");
        }
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"max {definition.Generation.MaxTokens} tokens, temperature {definition.Generation.Temperature:0.##}"));
        return string.Join("; ", parts);
    }

    /// <summary>The state of one factory call: what has been loaded so far, so later pipelines reuse it.</summary>
    private sealed class Build(
        ModelCatalog models, IndexCache indexes, EmbedderFactory embedders, FineTuner fineTuner, ILogger logger,
        SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, (ResolvedModel Model, LlamaGenerator Generator)> _generators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LlamaLoraAdapter> _adapters = new(StringComparer.Ordinal);
        private readonly Dictionary<(RetrieverDefinition Settings, string? Tokenizer), BuiltRetriever> _retrievers = [];
        private readonly Dictionary<string, IndexSummary> _indexes = new(StringComparer.Ordinal);
        private GenerationCache? _cache;

        public List<IDisposable> Shared { get; } = [];

        public List<ModelFileInfo> ModelFiles { get; } = [];

        /// <summary>What training each train: pipeline's model cost (or why it failed).</summary>
        public List<TrainingRecord> Trainings { get; } = [];

        /// <summary>Decoding threads of the local models (the run records them), 0 when none is loaded.</summary>
        public int Threads { get; private set; }

        private RetrievalScope Scope => suite.Scope ?? RetrievalScope.Corpus;

        /// <summary>The index a created pipeline retrieves from (shared indexes are reported for every pipeline that uses them), or null.</summary>
        public IndexSummary? IndexOf(string pipeline) => _indexes.GetValueOrDefault(pipeline);

        public async Task<Core.Pipelines.IPipeline> CreateAsync(PipelineDefinition definition, CancellationToken cancellationToken)
        {
            var built = definition.Retriever is { } retrieverDefinition
                ? await RetrieverAsync(retrieverDefinition, definition, cancellationToken).ConfigureAwait(false)
                : null;
            if (built is not null)
            {
                _indexes[definition.Name] = built.Index;
            }
            var retriever = built?.Retriever;
            var topK = definition.Retriever?.TopK ?? 0;
            if (definition.Kind == PipelineKind.Extractive)
            {
                return new ExtractivePipeline(definition.Name, retriever
                    ?? throw new ArgumentException($"pipeline '{definition.Name}' is extractive and needs a retriever"), Scope, topK);
            }
            if (definition.Training is not null && Trained(definition) is { Error: { } error })
            {
                return new FailedPipeline(definition.Name, SuiteReader.KindName(definition.Kind), retriever is not null, error);
            }
            var (client, identity, format) = definition.Kind == PipelineKind.Remote ? Remote(definition) : Local(definition);
            var template = definition.Prompt?.Template
                ?? (retriever is null ? PromptBuilder.DefaultClosedBookTemplate : PromptBuilder.DefaultRagTemplate);
            var settings = new GenerationSettings(definition.Generation.MaxTokens, (float)definition.Generation.Temperature, definition.Generation.Seed);
            return new GenerativePipeline(
                definition.Name, SuiteReader.KindName(definition.Kind), retriever, Scope, topK, Cached(client, identity), format, settings, template, dataset.Corpus);
        }

        private IChatClient Cached(IChatClient client, GeneratorIdentity identity)
        {
            if (options.Cache == CacheMode.Off)
            {
                return client;
            }
            if (_cache is null)
            {
                _cache = new GenerationCache(options.GenerationCachePath, options.Cache);
                Shared.Add(_cache);
            }
            return new CachingChatClient(client, _cache, identity);
        }

        /// <summary>A local model's client: the shared generator of its model (loaded once), with this pipeline's adapters applied to every call.</summary>
        private (IChatClient Client, GeneratorIdentity Identity, PromptFormat Format) Local(PipelineDefinition definition)
        {
            var modelName = definition.Model ?? suite.Models.Generator
                ?? throw new ArgumentException($"pipeline '{definition.Name}' needs a generator: set models.generator in the suite or model: on the pipeline");
            var contextLength = 0;
            if (definition.Training is not null && Trained(definition) is { ModelPath: { } trained } record)
            {
                (modelName, contextLength) = (trained, record.BaseContextLength);
            }
            var (model, generator) = Generator(modelName, contextLength);
            var adapters = definition.Adapters.Select(a => new LoraSetting(Adapter(a.Name, generator.Model), a.Scale)).ToArray();
            var identity = new GeneratorIdentity(
                model.Sha256 ?? LlamaModel.ComputeSha256(model.Path),
                [.. definition.Adapters.Select(a => (AdapterSha(a.Name), a.Scale))],
                LlamaNativeLibrary.BuildIdentity());
            string? chat = null;
            if (definition.Prompt is { UseChatTemplate: true } prompt)
            {
                chat = generator.Model.Info.ChatTemplate is not null
                    ? prompt.System ?? ""
                    : throw new ArgumentException(
                        $"pipeline '{definition.Name}' asks for the chat template of {modelName}, which has none - set 'chat_template: false' in its prompt");
            }
            // The pipeline formats the prompt itself (it must count its tokens), so the client sends it as it is.
            var client = new LlamaChatClient(generator, new LlamaChatClientOptions { ChatTemplate = LlamaChatClientOptions.PlainText, Adapters = adapters });
            return (client, identity, PromptFormat.Local(generator, chat));
        }

        /// <summary>The pipeline's trained model (trained now, or found in the cache), once per pipeline; a failure comes back as the record's error.</summary>
        private TrainingRecord Trained(PipelineDefinition definition)
        {
            if (Trainings.FirstOrDefault(t => t.Pipeline == definition.Name) is { } done)
            {
                return done;
            }
            TrainingRecord record;
            try
            {
                record = fineTuner.Prepare(suite, definition, dataset, options.Threads, options.GpuLayers, cancellationToken);
            }
            catch (FineTuningException e) when (e.Record is not null)
            {
                logger.LogError("{Message}", e.Message);
                record = e.Record with { Error = e.Message };
            }
            Trainings.Add(record);
            return record;
        }

        /// <summary>The model of that card or path, loaded once, and its generator with a context of <paramref name="contextLength"/> tokens (0: the model's own, capped at 4,096).</summary>
        /// <param name="name">A model card or a .gguf path.</param>
        /// <param name="contextLength">The context to generate with (0: the model's own, capped at 4,096 tokens).</param>
        private (ResolvedModel Model, LlamaGenerator Generator) Generator(string name, int contextLength = 0)
        {
            if (_generators.TryGetValue(name, out var loaded))
            {
                return loaded;
            }
            var resolved = models.Resolve(name);
            var model = LlamaModel.Load(resolved.Path, new LlamaModelOptions { ExpectedSha256 = resolved.Sha256, GpuLayers = options.GpuLayers });
            Shared.Add(model);
            var generator = new LlamaGenerator(model, new LlamaGeneratorOptions
            {
                ContextSize = Math.Min(contextLength > 0 ? contextLength : model.Info.ContextLength, 4096),
                MaxParallelSequences = Math.Max(1, options.Parallel),
                Threads = Threads = options.Threads > 0 ? options.Threads : LlamaThreads.Automatic(model.Info.ParameterCount),
            });
            Shared.Add(generator);
            ModelFiles.Add(new ModelFileInfo(resolved.Name, "generator", resolved.Path, resolved.Sha256 ?? LlamaModel.ComputeSha256(resolved.Path)));
            return _generators[name] = (resolved, generator);
        }

        private LlamaLoraAdapter Adapter(string name, LlamaModel model)
        {
            if (_adapters.TryGetValue(name, out var adapter))
            {
                return adapter;
            }
            var resolved = models.Resolve(name);
            adapter = model.LoadAdapter(resolved.Path, resolved.Sha256);
            Shared.Add(adapter);
            ModelFiles.Add(new ModelFileInfo(resolved.Name, "adapter", resolved.Path, resolved.Sha256 ?? LlamaModel.ComputeSha256(resolved.Path)));
            return _adapters[name] = adapter;
        }

        private string AdapterSha(string name) => ModelFiles.First(m => m.Role == "adapter" && m.Name == name).Sha256;

        private (IChatClient Client, GeneratorIdentity Identity, PromptFormat Format) Remote(PipelineDefinition definition)
        {
            var remote = definition.Remote
                ?? throw new ArgumentException($"pipeline '{definition.Name}' is remote and needs a remote: block (base_url, model)");
            var key = remote.ApiKeyEnv is { } variable
                ? Environment.GetEnvironmentVariable(variable) ?? throw new ArgumentException($"pipeline '{definition.Name}' reads its API key from ${variable}, which is not set")
                : "none";
            var client = new OpenAICompatibleChatClient(new Uri(remote.BaseUrl), remote.Model, key, TimeSpan.FromSeconds(remote.TimeoutSeconds), remote.Retries);
            ModelFiles.Add(new ModelFileInfo(remote.Model, "remote", remote.BaseUrl, "unknown (remote)"));
            return (RemoteChatClients.ForGeneration(client, remote.Concurrency ?? options.Parallel), new GeneratorIdentity($"remote:{remote.BaseUrl}:{remote.Model}", [], "remote"), PromptFormat.Remote);
        }

        private async Task<BuiltRetriever> RetrieverAsync(RetrieverDefinition definition, PipelineDefinition pipeline, CancellationToken cancellationToken)
        {
            var settings = definition with { Embedder = definition.Embedder ?? suite.Models.Embedder };
            // chunk: { tokens } counts the pipeline's generator's tokens; its model loads once and is shared with generation.
            var tokenizer = definition.Chunk?.Unit == ChunkUnit.Tokens ? pipeline.Model ?? suite.Models.Generator : null;
            // top_k is a search setting, not an index setting: pipelines differing only in k share one index.
            var key = (settings with { TopK = 1 }, tokenizer);
            if (_retrievers.TryGetValue(key, out var existing))
            {
                return existing;
            }
            var counter = tokenizer is null ? null : new ModelTokenCounter(tokenizer, Generator(tokenizer).Generator.Model);
            var built = await new RetrieverBuilder(indexes, embedders, counter).BuildAsync(dataset.Corpus, settings, cancellationToken).ConfigureAwait(false);
            Shared.Add(built);
            logger.LogInformation("Retriever {Name}: {Chunks} chunks, index {Reused}", built.Retriever.Name, built.Index.ChunkCount, built.Index.Reused ? "reused" : "built");
            return _retrievers[key] = built;
        }
    }
}
