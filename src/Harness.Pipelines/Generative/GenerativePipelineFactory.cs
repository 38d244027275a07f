using Harness.Core.Suites;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Prompts;
using Harness.Retrieval.Retrievers;

namespace Harness.Pipelines.Generative;

/// <summary>Builds a <see cref="GenerativePipeline"/> around a local model (with its adapters or trained model) or a remote server.</summary>
internal static class GenerativePipelineFactory
{
    /// <summary>A local model generates; a pipeline whose model could not be trained fails its cases with the reason.</summary>
    public static Core.Pipelines.IPipeline WithLocalModel(PipelineBuild build, PipelineDefinition definition, IRetriever? retriever)
    {
        if (definition.Training is not null && build.Trained(definition) is { Error: { } error })
        {
            return new FailedPipeline(definition.Name, PipelineKinds.Of(definition.Kind).Name, retriever is not null, error);
        }
        var (client, identity, format) = build.Local(definition);
        return Create(build, definition, retriever, build.Cached(client, identity), format);
    }

    /// <summary>An OpenAI-compatible server generates.</summary>
    public static Core.Pipelines.IPipeline WithRemoteServer(PipelineBuild build, PipelineDefinition definition, IRetriever? retriever)
    {
        var (client, identity, format) = build.Remote(definition);
        return Create(build, definition, retriever, build.Cached(client, identity), format);
    }

    private static GenerativePipeline Create(PipelineBuild build, PipelineDefinition definition, IRetriever? retriever, Microsoft.Extensions.AI.IChatClient client, PromptFormat format)
    {
        var settings = new GenerationSettings(definition.Generation.MaxTokens, (float)definition.Generation.Temperature, definition.Generation.Seed);
        return new GenerativePipeline(
            definition.Name, PipelineKinds.Of(definition.Kind).Name, retriever, build.Scope, definition.Retriever?.TopK ?? 0,
            client, format, settings, PromptBuilder.TemplateOf(definition), build.Dataset.Corpus);
    }
}
