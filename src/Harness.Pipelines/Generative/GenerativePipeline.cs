using System.Diagnostics;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Pipelines;
using Harness.Llama.AI;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Prompts;
using Harness.Pipelines.Remote;
using Harness.Retrieval.Retrievers;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generative;

/// <summary>
/// Retrieve (optionally) → prompt → generate. One class serves the four generative kinds, which differ
/// only in what they are given: closed-book (no retriever, base model), rag (retriever, base model),
/// fine-tuned (no retriever, fine-tuned model or base + adapters), hybrid (retriever, fine-tuned model),
/// and remote (a remote server as the generator). Keeping them one class keeps them comparable. The
/// generator is any <see cref="IChatClient"/>: token counts come from each response's usage, stage timings
/// from its additional properties (<see cref="ChatTimings"/>).
/// </summary>
public sealed class GenerativePipeline(
    string name,
    string kind,
    IRetriever? retriever,
    RetrievalScope scope,
    int topK,
    IChatClient generator,
    PromptFormat format,
    GenerationSettings settings,
    string promptTemplate,
    Corpus corpus) : IPipeline
{
    private readonly PromptBuilder _prompts = new(promptTemplate, format.CountTokens, format.ContextLength, settings.MaxTokens, format.Format);
    private readonly ChatOptions _options = settings.ToChatOptions();

    public string Name => name;

    public string Kind => kind;

    public bool Retrieves => retriever is not null;

    /// <summary>A remote client's concurrency: batches that large keep every request slot busy.</summary>
    public int PreferredBatchSize => generator.GetService<ConcurrencyLimitingChatClient>()?.MaxConcurrency ?? 0;

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

    public ValueTask DisposeAsync()
    {
        generator.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task GenerateAsync(
        IReadOnlyList<EvalCase> cases, List<(int Index, Prepared Item)> prepared, PipelineResult?[] results, CancellationToken cancellationToken)
    {
        ChatBatchResult[] generated;
        try
        {
            generated = await generator.GetResponsesAsync(prepared.Select(p => p.Item.Prompt.Prompt).ToArray(), format.System, _options, cancellationToken).ConfigureAwait(false);
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
            if (generated[j].Error is { } error)
            {
                results[index] = PipelineResult.Failure(cases[index].Id, $"generation failed: {error}");
                continue;
            }
            var response = generated[j].Response!;
            var (promptEvaluation, generation) = (ChatTimings.PromptEvaluation(response), ChatTimings.Generation(response));
            var modelTime = (promptEvaluation ?? TimeSpan.Zero) + (generation ?? TimeSpan.Zero);
            var text = response.Text;
            results[index] = PipelineResult.Success(cases[index].Id, new PipelineOutput
            {
                Answer = text.Trim(),
                Retrieved = item.Retrieved,
                DroppedPassages = item.Prompt.DroppedPassages,
                Context = Retrieves ? item.Prompt.Passages : GoldEvidence.Passages(cases[index], corpus),
                Prompt = item.Prompt.Prompt,
                FromCache = ChatTimings.IsFromCache(response),
                Recorded = ChatTimings.RecordedBy(response) is { } recorded ? new RecordedLatency(recorded.RunId, recorded.At) : null,
                // A client that reports no usage is counted with the model's own tokenizer (or roughly, for a remote server).
                Tokens = new TokenCounts(
                    (int)(response.Usage?.InputTokenCount ?? format.CountTokens(item.Prompt.Prompt)),
                    (int)(response.Usage?.OutputTokenCount ?? format.CountTokens(text))),
                Timings = new StageTimings
                {
                    Retrieval = item.RetrievalTime,
                    PromptEvaluation = promptEvaluation,
                    TimeToFirstToken = ChatTimings.TimeToFirstToken(response),
                    Generation = generation,
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
