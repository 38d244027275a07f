using System.Diagnostics;
using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Prompts;
using Harness.Core.Datasets;
using Harness.Retrieval.Retrievers;

namespace Harness.Pipelines.Generative;

/// <summary>
/// Retrieve (optionally) → prompt → generate. One class serves the four generative kinds, which differ
/// only in what they are given: closed-book (no retriever, base model), rag (retriever, base model),
/// fine-tuned (no retriever, fine-tuned model or base + adapters), hybrid (retriever, fine-tuned model),
/// and remote (a remote server as the generator). Keeping them one class keeps them comparable.
/// </summary>
public sealed class GenerativePipeline(
    string name,
    string kind,
    IRetriever? retriever,
    RetrievalScope scope,
    int topK,
    ITextGenerator generator,
    GenerationSettings settings,
    string promptTemplate,
    Corpus corpus) : IPipeline
{
    private readonly PromptBuilder _prompts = new(promptTemplate, generator.CountTokens, generator.ContextLength, settings.MaxTokens, generator.FormatPrompt);

    public string Name => name;

    public string Kind => kind;

    public bool Retrieves => retriever is not null;

    public int PreferredBatchSize => generator.PreferredBatchSize;

    public async Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken)
    {
        var results = new PipelineResult?[cases.Count];
        var prepared = new List<(int Index, Prepared Item)>();
        for (var i = 0; i < cases.Count; i++)
        {
            try
            {
                prepared.Add((i, await PrepareAsync(cases[i], cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                results[i] = PipelineResult.Failure(cases[i].Id, exception.Message);
            }
        }
        if (prepared.Count > 0)
        {
            await GenerateAsync(cases, prepared, results, cancellationToken).ConfigureAwait(false);
        }
        return results.Select(r => r!).ToArray();
    }

    public ValueTask DisposeAsync() => generator.DisposeAsync();

    private async Task GenerateAsync(
        IReadOnlyList<EvalCase> cases, List<(int Index, Prepared Item)> prepared, PipelineResult?[] results, CancellationToken cancellationToken)
    {
        IReadOnlyList<GeneratedText> generated;
        try
        {
            generated = await generator.GenerateAsync(prepared.Select(p => p.Item.Prompt.Prompt).ToArray(), settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            foreach (var (index, _) in prepared)
            {
                results[index] = PipelineResult.Failure(cases[index].Id, $"generation failed: {exception.Message}");
            }
            return;
        }
        for (var j = 0; j < prepared.Count; j++)
        {
            var (index, item) = prepared[j];
            var text = generated[j];
            if (text.Error is { } error)
            {
                results[index] = PipelineResult.Failure(cases[index].Id, $"generation failed: {error}");
                continue;
            }
            var modelTime = (text.PromptEvaluation ?? TimeSpan.Zero) + (text.Generation ?? TimeSpan.Zero);
            results[index] = PipelineResult.Success(cases[index].Id, new PipelineOutput
            {
                Answer = text.Text.Trim(),
                Retrieved = item.Retrieved,
                Context = Retrieves ? item.Prompt.Passages : GoldEvidence.Passages(cases[index], corpus),
                Prompt = item.Prompt.Prompt,
                FromCache = text.FromCache,
                Tokens = new TokenCounts(text.PromptTokens, text.GeneratedTokens),
                Timings = new StageTimings
                {
                    Retrieval = item.RetrievalTime,
                    PromptEvaluation = text.PromptEvaluation,
                    TimeToFirstToken = text.TimeToFirstToken,
                    Generation = text.Generation,
                    Total = (item.RetrievalTime ?? TimeSpan.Zero) + modelTime,
                },
            });
        }
    }

    private async Task<Prepared> PrepareAsync(EvalCase evalCase, CancellationToken cancellationToken)
    {
        if (retriever is null)
        {
            return new Prepared(_prompts.Build(evalCase, []), [], null);
        }
        var clock = Stopwatch.StartNew();
        var retrieved = await retriever.RetrieveAsync(evalCase.Question, topK, scope.DocumentOf(evalCase), cancellationToken).ConfigureAwait(false);
        var retrievalTime = clock.Elapsed;
        return new Prepared(_prompts.Build(evalCase, retrieved.Select(r => r.Passage).ToArray()), retrieved, retrievalTime);
    }

    private sealed record Prepared(PromptBuildResult Prompt, IReadOnlyList<RetrievedPassage> Retrieved, TimeSpan? RetrievalTime);
}
