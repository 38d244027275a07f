using Harness.Core.Suites;
using Harness.Retrieval.Retrievers;

namespace Harness.Pipelines.Extractive;

/// <summary>Builds an <see cref="ExtractivePipeline"/>: no model, only the retriever the kind requires.</summary>
internal static class ExtractivePipelineFactory
{
    public static Core.Pipelines.IPipeline Create(PipelineBuild build, PipelineDefinition definition, IRetriever? retriever) =>
        new ExtractivePipeline(
            definition.Name,
            retriever ?? throw new ArgumentException($"pipeline '{definition.Name}' is extractive and needs a retriever"),
            build.Scope,
            definition.Retriever?.TopK ?? 0);
}
