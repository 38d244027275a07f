using System.Diagnostics;
using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Core.Suites;
using Harness.Core.Text;
using Harness.Core.Datasets;
using Harness.Retrieval.Retrievers;

namespace Harness.Pipelines.Extractive;

/// <summary>
/// The no-LLM baseline: answers with the retrieved sentence that shares the most content words with
/// the question (ties go to the better-ranked passage). It shows what retrieval alone achieves, so a
/// generator is only credited with what it adds on top.
/// </summary>
public sealed class ExtractivePipeline(string name, IRetriever retriever, RetrievalScope scope, int topK) : IPipeline
{
    public string Name => name;

    public string Kind => PipelineKinds.Of(PipelineKind.Extractive).Name;

    public bool Retrieves => true;

    public async Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken)
    {
        var results = new List<PipelineResult>(cases.Count);
        foreach (var evalCase in cases)
        {
            try
            {
                results.Add(PipelineResult.Success(evalCase.Id, await AnswerAsync(evalCase, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                results.Add(PipelineResult.Failure(evalCase.Id, exception.Message));
            }
        }
        return results;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PipelineOutput> AnswerAsync(EvalCase evalCase, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var retrieved = await retriever.RetrieveAsync(evalCase.Question, topK, scope.DocumentOf(evalCase), cancellationToken).ConfigureAwait(false);
        var retrievalTime = clock.Elapsed;
        var answer = BestSentence(evalCase.Question, retrieved);
        return new PipelineOutput
        {
            Answer = answer,
            Retrieved = retrieved,
            Context = retrieved.Select(r => r.Passage).ToArray(),
            Timings = new StageTimings { Retrieval = retrievalTime, Total = clock.Elapsed },
        };
    }

    /// <summary>The sentence with the largest share of the question's content words; empty when nothing was retrieved.</summary>
    public static string BestSentence(string question, IReadOnlyList<RetrievedPassage> retrieved)
    {
        var questionTerms = TermExtractor.Extract(question);
        var best = string.Empty;
        var bestScore = -1;
        foreach (var passage in retrieved.OrderBy(r => r.Rank))
        {
            foreach (var sentence in SentenceSplitter.Split(passage.Passage.Text))
            {
                var terms = TermExtractor.Extract(sentence);
                var score = terms.Words.Count(questionTerms.Words.Contains) + terms.Numbers.Count(questionTerms.Numbers.Contains);
                if (score > bestScore)
                {
                    (best, bestScore) = (sentence.Trim(), score);
                }
            }
        }
        return best;
    }
}
