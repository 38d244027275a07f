using Harness.Core;
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
using Harness.Pipelines.Generation;
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
/// The state of one <see cref="DefaultPipelineFactory"/> call: what has been loaded so far, so later
/// pipelines reuse it. A kind's factory (<see cref="PipelineFactories"/>) asks it for the parts it needs:
/// a local or remote chat client behind the generation cache, the trained model, the retrieval scope.
/// </summary>
internal sealed class PipelineBuild(
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

    /// <summary>The index a created pipeline retrieves from (shared indexes are reported for every pipeline that uses them), or null.</summary>
    public IndexSummary? IndexOf(string pipeline) => _indexes.GetValueOrDefault(pipeline);

    public RetrievalScope Scope => suite.Scope ?? RetrievalScope.Corpus;

    public Dataset Dataset => dataset;

    /// <summary>Builds the pipeline's retriever (shared with identical ones), then the pipeline with its kind's factory.</summary>
    public async Task<Core.Pipelines.IPipeline> CreateAsync(PipelineDefinition definition, CancellationToken cancellationToken)
    {
        var built = definition.Retriever is { } retrieverDefinition
            ? await RetrieverAsync(retrieverDefinition, definition, cancellationToken).ConfigureAwait(false)
            : null;
        if (built is not null)
        {
            _indexes[definition.Name] = built.Index;
        }
        return PipelineFactories.For(definition.Kind)(this, definition, built?.Retriever);
    }

    /// <summary>A generator behind the run's generation cache (unless the run turns it off).</summary>
    public IChatClient Cached(IChatClient client, GeneratorIdentity identity)
    {
        if (options.Cache == CacheMode.Off)
        {
            return client;
        }
        if (_cache is null)
        {
            _cache = new GenerationCache(options.GenerationCachePath, options.Cache, logger);
            Shared.Add(_cache);
        }
        return new CachingChatClient(client, _cache, identity, options.RunId);
    }

    /// <summary>A local model's client: the shared generator of its model (loaded once), with this pipeline's adapters applied to every call.</summary>
    public (IChatClient Client, GeneratorIdentity Identity, PromptFormat Format) Local(PipelineDefinition definition)
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
            GeneratorSha(model.Path),
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
    public TrainingRecord Trained(PipelineDefinition definition)
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
        var model = LlamaModel.Load(resolved.Path, new LlamaModelOptions { ExpectedSha256 = resolved.Sha256, Sha256Of = Hashing.OfStampedFile, GpuLayers = options.GpuLayers });
        Shared.Add(model);
        var generator = new LlamaGenerator(model, new LlamaGeneratorOptions
        {
            ContextSize = Math.Min(contextLength > 0 ? contextLength : model.Info.ContextLength, 4096),
            MaxParallelSequences = Math.Max(1, options.Parallel),
            Threads = Threads = options.Threads > 0 ? options.Threads : LlamaThreads.Automatic(model.Info.ParameterCount),
        });
        Shared.Add(generator);
        ModelFiles.Add(models.FileInfo(resolved, "generator"));
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
        ModelFiles.Add(models.FileInfo(resolved, "adapter"));
        return _adapters[name] = adapter;
    }

    /// <summary>The generator file's sha256 as <see cref="Generator"/> recorded it: a model without a card's hash is read once, not once per use.</summary>
    private string GeneratorSha(string path) => ModelFiles.First(m => m.Role == "generator" && m.Path == path).Sha256;

    private string AdapterSha(string name) => ModelFiles.First(m => m.Role == "adapter" && m.Name == name).Sha256;

    public (IChatClient Client, GeneratorIdentity Identity, PromptFormat Format) Remote(PipelineDefinition definition)
    {
        var remote = definition.Remote
            ?? throw new ArgumentException($"pipeline '{definition.Name}' is remote and needs a remote: block (base_url, model)");
        var key = remote.ApiKeyEnv is { } variable
            ? Environment.GetEnvironmentVariable(variable) ?? throw new ArgumentException($"pipeline '{definition.Name}' reads its API key from ${variable}, which is not set")
            : "none";
        var client = new OpenAICompatibleChatClient(new Uri(remote.BaseUrl), remote.Model, key, TimeSpan.FromSeconds(remote.TimeoutSeconds), remote.Retries);
        ModelFiles.Add(RemoteModelFile(remote));
        return (RemoteChatClients.ForGeneration(client, remote.Concurrency ?? options.Parallel), new GeneratorIdentity($"remote:{remote.BaseUrl}:{remote.Model}", [], "remote"), PromptFormat.Remote(definition.Prompt?.System));
    }

    /// <summary>What a run records of a remote server's model: its name and address; its weights are the server's.</summary>
    public static ModelFileInfo RemoteModelFile(RemoteDefinition remote) => new(remote.Model, "remote", remote.BaseUrl, "unknown (remote)");

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
