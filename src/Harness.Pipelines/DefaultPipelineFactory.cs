using System.Globalization;
using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Llama.Native;
using Harness.Pipelines.Training;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
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
    private readonly FineTuner _fineTuner = fineTuner ?? new FineTuner(models, new DatasetCatalog(), new TrainedModelCache(TrainedModelCache.DefaultDirectory, logger), logger);

    public async Task<PipelineSet> CreateAsync(SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var build = new PipelineBuild(models, indexes, embedders, _fineTuner, logger, suite, dataset, options, cancellationToken);
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
                    Approach = PipelineKinds.Of(definition.Kind).Approach,
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

    public IReadOnlyList<ModelFileInfo> ModelFiles(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var files = new List<ModelFileInfo>();
        void Add(string name, string role)
        {
            if (!files.Any(f => f.Role == role && f.Name == name))
            {
                files.Add(models.FileInfo(models.Resolve(name), role));
            }
        }
        foreach (var definition in suite.Pipelines)
        {
            var kind = PipelineKinds.Of(definition.Kind);
            if (definition.Remote is { } remote)
            {
                files.Add(PipelineBuild.RemoteModelFile(remote));
            }
            // A train: pipeline's model is made from its base, the suite's text and the dataset, all in the configuration.
            if (kind.LocalModel && (definition.Model ?? suite.Models.Generator) is { } generator)
            {
                Add(generator, "generator");
            }
            foreach (var adapter in definition.Adapters)
            {
                Add(adapter.Name, "adapter");
            }
            // An embedding model card (built-in embedders are part of the harness).
            if (definition.Retriever is { Kind: not RetrieverKind.Bm25 } retriever
                && (retriever.Embedder ?? suite.Models.Embedder) is { } embedder && models.Find(embedder) is not null)
            {
                Add(embedder, "embedder");
            }
        }
        return files;
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
        if (PipelineKinds.Of(definition.Kind).Generates)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"max {definition.Generation.MaxTokens} tokens, temperature {definition.Generation.Temperature:0.##}"));
        }
        return string.Join("; ", parts);
    }
}
