using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Core.Store;

namespace Harness.Core.Running;

/// <summary>
/// Feeds every pending case × pipeline through its pipeline in batches (so a local model decodes a
/// batch as parallel sequences), scores each result and commits it to the store at once: a run killed
/// at any point loses at most the batch in flight, and a resumed run skips what is already stored.
/// </summary>
public sealed class CaseLoop(ResultStore store, CaseScorer scorer, int batchSize, int warmUpCases)
{
    public async Task RunAsync(
        IReadOnlyList<EvalCase> cases, IReadOnlyList<IPipeline> pipelines, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var completed = store.CompletedKeys();
        var total = cases.Count * pipelines.Count;
        var done = completed.Count;
        var errors = 0;
        foreach (var pipeline in pipelines)
        {
            var pending = cases.Where(c => !completed.Contains((pipeline.Name, c.Id))).ToArray();
            var warmUpLeft = warmUpCases;
            foreach (var failed in pending.Where(c => c.ImportError is not null))
            {
                store.SaveResult(scorer.ImportFailure(failed, pipeline));
                progress?.Report(new RunProgress(++done, total, pipeline.Name, ++errors));
            }
            foreach (var batch in pending.Where(c => c.ImportError is null).Chunk(Math.Max(1, pipeline.PreferredBatchSize > 0 ? pipeline.PreferredBatchSize : batchSize)))
            {
                var results = await pipeline.AnswerAsync(batch, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < batch.Length; i++)
                {
                    // Recorded timings of a replay count like fresh ones, so a replay in the recording run's order
                    // leaves out the answers that run left out.
                    var warmUp = warmUpLeft > 0 && results[i].Output is { HasLatency: true };
                    if (warmUp)
                    {
                        warmUpLeft--;
                    }
                    var scored = await scorer.ScoreAsync(batch[i], pipeline, results[i], warmUp, cancellationToken).ConfigureAwait(false);
                    store.SaveResult(scored);
                    errors += scored.Error is null ? 0 : 1;
                    progress?.Report(new RunProgress(++done, total, pipeline.Name, errors));
                }
            }
        }
    }
}
