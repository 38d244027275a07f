using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Suites;

namespace Harness.NUnit.Acceptance;

/// <summary>
/// Test fixture: the real pipelines of a suite, except that every <c>every</c>-th case of the dataset
/// fails in each of them, as a crashed generation would.
/// </summary>
internal sealed class FaultyPipelineFactory(IPipelineFactory inner, int every) : IPipelineFactory
{
    public const string Error = "forced failure (acceptance fixture)";

    public async Task<PipelineSet> CreateAsync(SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken)
    {
        var set = await inner.CreateAsync(suite, dataset, options, cancellationToken).ConfigureAwait(false);
        var failing = dataset.Cases.Where((_, i) => i % every == 0).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        // The wrapped set still owns the real pipelines and their models and indexes.
        return new PipelineSet(
            [.. set.Pipelines.Select(p => new FaultyPipeline(p, failing))],
            set.Infos, set.Models, set.Threads, set.NativeLibrary, set.Backend, [new SetDisposer(set)]);
    }

    public IReadOnlyList<ModelFileInfo> ModelFiles(SuiteDefinition suite) => inner.ModelFiles(suite);

    private sealed class FaultyPipeline(IPipeline inner, IReadOnlySet<string> failing) : IPipeline
    {
        public string Name => inner.Name;
        public string Kind => inner.Kind;
        public bool Retrieves => inner.Retrieves;

        public async Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken)
        {
            var answered = await inner.AnswerAsync(cases, cancellationToken).ConfigureAwait(false);
            return [.. answered.Select(r => failing.Contains(r.CaseId) ? PipelineResult.Failure(r.CaseId, Error) : r)];
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SetDisposer(PipelineSet set) : IDisposable
    {
        public void Dispose() => set.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
