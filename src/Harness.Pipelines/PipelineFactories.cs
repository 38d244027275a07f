using Harness.Core.Suites;
using Harness.Pipelines.Extractive;
using Harness.Pipelines.Generative;
using Harness.Retrieval.Retrievers;

namespace Harness.Pipelines;

/// <summary>Builds one pipeline of a kind from its definition, given its retriever (null when it retrieves nothing).</summary>
internal delegate Core.Pipelines.IPipeline PipelineFactory(PipelineBuild build, PipelineDefinition definition, IRetriever? retriever);

/// <summary>
/// How each pipeline kind of <see cref="PipelineKinds"/> is built: one line per kind. The kind's
/// declaration (name, what it needs and forbids) lives in Harness.Core, which validates suites without
/// loading models; its factory lives here, beside the pipeline it builds.
/// </summary>
internal static class PipelineFactories
{
    private static readonly Dictionary<PipelineKind, PipelineFactory> _byKind = new()
    {
        [PipelineKind.ClosedBook] = GenerativePipelineFactory.WithLocalModel,
        [PipelineKind.Rag] = GenerativePipelineFactory.WithLocalModel,
        [PipelineKind.FineTuned] = GenerativePipelineFactory.WithLocalModel,
        [PipelineKind.Hybrid] = GenerativePipelineFactory.WithLocalModel,
        [PipelineKind.Extractive] = ExtractivePipelineFactory.Create,
        [PipelineKind.Remote] = GenerativePipelineFactory.WithRemoteServer,
    };

    /// <summary>The kinds that have a factory (every registered kind; a test checks it).</summary>
    public static IReadOnlyCollection<PipelineKind> Kinds => _byKind.Keys;

    public static PipelineFactory For(PipelineKind kind) =>
        _byKind.TryGetValue(kind, out var factory)
            ? factory
            : throw new InvalidOperationException($"pipeline kind '{PipelineKinds.Of(kind).Name}' has no factory - add its line to {nameof(PipelineFactories)}");
}
