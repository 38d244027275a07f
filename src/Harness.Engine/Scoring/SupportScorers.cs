using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Suites;
using Harness.Llama;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Semantic;
using Harness.Pipelines.Judging;
using Harness.Pipelines.Remote;
using Harness.Retrieval.Embeddings;
using Microsoft.Extensions.AI;

namespace Harness.Engine.Scoring;

/// <summary>A support scorer ready to use, its identity for the run record, and what it loaded (a judge model), disposed with it.</summary>
public sealed class SupportScorerHandle(ISupportScorer scorer, SupportScorerInfo info, IReadOnlyList<IDisposable>? owned = null) : IDisposable
{
    public ISupportScorer Scorer { get; } = scorer;

    /// <summary>The judge model's chat client when the scorer is a judge (the suite's MEAI evaluators get it too); null otherwise.</summary>
    public IChatClient? JudgeClient { get; init; }

    public SupportScorerInfo Info { get; } = info;

    public void Dispose()
    {
        foreach (var resource in (owned ?? []).Reverse())
        {
            resource.Dispose();
        }
    }
}

/// <summary>
/// The support scorers by the names <c>./harness calibrate --scorer</c> and run records use:
/// <c>lexical</c> (<see cref="LexicalSupportScorer"/>), <c>semantic</c> (<see cref="SemanticSupportScorer"/>
/// with the committed coefficients) and <c>judge:&lt;model card&gt;</c> (a local model through
/// <see cref="LlamaJudgeChatClient"/>). A suite's scorer is its <c>models.judge</c> (a card, or a
/// remote server) when it names one, else <see cref="Default"/>. Judges' verdicts are cached like
/// generations (<see cref="CachingSupportScorer"/>).
/// </summary>
/// <param name="models">Model cards (judges).</param>
/// <param name="judgeClients">Makes a judge's chat client for a card; by default the card's model is loaded. Tests pass a fake.</param>
public sealed class SupportScorers(ModelCatalog? models = null, Func<ResolvedModel, IChatClient>? judgeClients = null)
{
    public const string Lexical = "lexical";
    public const string Semantic = "semantic";
    public const string JudgePrefix = "judge:";

    /// <summary>
    /// The deterministic scorer suites use without a judge: lexical, because the semantic scorer (fitted
    /// with MiniLM) does not beat it beyond chance: its cross-validated AUROC on ExpertQA val exceeds
    /// lexical's by 0.044 with a paired 95% CI of [−0.008, 0.092], and it is lower on the held-out
    /// DSTC11 set (src/Harness.Metrics/README.md).
    /// </summary>
    public const string Default = Lexical;

    private readonly ModelCatalog _models = models ?? new ModelCatalog();

    public static IReadOnlyList<string> Names => [Lexical, Semantic, JudgePrefix + "<model card>"];

    /// <param name="name">lexical, semantic or judge:&lt;card&gt;.</param>
    /// <param name="cache">How a judge's verdicts use the generation cache.</param>
    /// <param name="cachePath">The generation cache file (default: <see cref="GenerationCache.DefaultPath"/>).</param>
    public SupportScorerHandle Create(string name, CacheMode cache = CacheMode.Replay, string? cachePath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name switch
        {
            Lexical => Deterministic(new LexicalSupportScorer()),
            Semantic => CreateSemantic(SemanticSupportModel.Load(SemanticSupportModel.DefaultPath)),
            _ when name.StartsWith(JudgePrefix, StringComparison.Ordinal) && name.Length > JudgePrefix.Length => LocalJudge(name[JudgePrefix.Length..], cache, cachePath ?? GenerationCache.DefaultPath),
            _ => throw new ArgumentException($"unknown support scorer '{name}' - use {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>The scorer a suite judges claims with.</summary>
    public SupportScorerHandle For(SuiteDefinition suite, CacheMode cache, string cachePath)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return suite.Models.RemoteJudge is { } remote ? RemoteJudge(remote, cache, cachePath)
            : Create(suite.Models.Judge is { } judge ? JudgePrefix + judge : Default, cache, cachePath);
    }

    /// <summary>The semantic scorer of a fitted model, with the sentence embedder it was fitted with.</summary>
    public static SupportScorerHandle CreateSemantic(SemanticSupportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var embedder = Embedder(model.Embedder);
        var scorer = new SemanticSupportScorer(model, embedder);
        return new SupportScorerHandle(scorer, Info(scorer), embedder is null ? [] : [embedder]);
    }

    /// <summary>A sentence embedder by its name in the embedder factory ("minilm"), or none for "none".</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? Embedder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name == SemanticSupportModel.NoEmbedder)
        {
            return null;
        }
        if (name == LsaEmbedderProvider.Name)
        {
            throw new ArgumentException("the lsa embedder is trained on an index's corpus and cannot embed claims on its own: use a sentence embedder (e.g. minilm) or none");
        }
        return new EmbedderFactory().Create(name, []);
    }

    private SupportScorerHandle LocalJudge(string card, CacheMode cache, string cachePath)
    {
        var resolved = _models.Resolve(card);
        var sha256 = resolved.Sha256 ?? Hashing.OfFile(resolved.Path);
        var owned = new List<IDisposable>();
        IChatClient client;
        if (judgeClients is not null)
        {
            client = judgeClients(resolved);
        }
        else
        {
            var model = LlamaModel.Load(resolved.Path, new LlamaModelOptions { ExpectedSha256 = resolved.Sha256, Sha256Of = Hashing.OfStampedFile });
            owned.Add(model);
            // One thread for tiny models, whose decode steps are dominated by thread synchronisation (README).
            client = new LlamaJudgeChatClient(model, resolved.Name, model.Info.ParameterCount >= 100_000_000 ? Environment.ProcessorCount : 1);
        }
        owned.Add(client);
        return Judge(client, new LlmJudgeSupportScorer(client, JudgePrefix + resolved.Name, sha256), sha256, cache, cachePath, owned);
    }

    private static SupportScorerHandle RemoteJudge(RemoteDefinition remote, CacheMode cache, string cachePath)
    {
        var key = remote.ApiKeyEnv is { } variable
            ? Environment.GetEnvironmentVariable(variable) ?? throw new ArgumentException($"the remote judge reads its API key from ${variable}, which is not set")
            : "none";
        var client = new OpenAICompatibleChatClient(new Uri(remote.BaseUrl), remote.Model, key);
        var model = $"remote:{remote.BaseUrl}:{remote.Model}";
        return Judge(client, new LlmJudgeSupportScorer(client, $"{JudgePrefix}remote:{remote.Model}", model), model, cache, cachePath, [client]);
    }

    private static SupportScorerHandle Judge(IChatClient client, LlmJudgeSupportScorer judge, string model, CacheMode cache, string cachePath, List<IDisposable> owned)
    {
        ISupportScorer scorer = judge;
        if (cache != CacheMode.Off)
        {
            var store = new GenerationCache(cachePath, cache);
            owned.Add(store);
            scorer = new CachingSupportScorer(judge, store);
        }
        return new SupportScorerHandle(scorer, Info(judge) with { Model = model, PromptSha256 = LlmJudgeSupportScorer.PromptSha256 }, owned) { JudgeClient = client };
    }

    private static SupportScorerHandle Deterministic(ISupportScorer scorer) => new(scorer, Info(scorer));

    private static SupportScorerInfo Info(ISupportScorer scorer) => new(scorer.Name, scorer.Identity);
}
