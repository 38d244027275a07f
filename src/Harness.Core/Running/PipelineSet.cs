using Harness.Core.Pipelines;
using Harness.Core.Results;

namespace Harness.Core.Running;

/// <summary>
/// The pipelines of a run with what the run records about them (model files and hashes, native backend),
/// and the resources they share (models, indexes), released together when the run ends.
/// </summary>
public sealed class PipelineSet(
    IReadOnlyList<IPipeline> pipelines,
    IReadOnlyList<PipelineInfo> infos,
    IReadOnlyList<ModelFileInfo> models,
    int threads,
    string? nativeLibrary,
    string? backend,
    IReadOnlyList<IDisposable> sharedResources) : IAsyncDisposable
{
    public IReadOnlyList<IPipeline> Pipelines { get; } = pipelines;
    public IReadOnlyList<PipelineInfo> Infos { get; } = infos;
    public IReadOnlyList<ModelFileInfo> Models { get; } = models;
    /// <summary>Decoding threads the local models use (0 when the run loads none).</summary>
    public int Threads { get; } = threads;
    public string? NativeLibrary { get; } = nativeLibrary;
    public string? Backend { get; } = backend;
    /// <summary>The fine-tuning done (or reused) for pipelines with a 'train:' block, with its cost.</summary>
    public IReadOnlyList<TrainingRecord> Trainings { get; init; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var pipeline in Pipelines)
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }
        // Shared resources go last and in reverse order: contexts before the models they use.
        foreach (var resource in sharedResources.Reverse())
        {
            resource.Dispose();
        }
    }
}
