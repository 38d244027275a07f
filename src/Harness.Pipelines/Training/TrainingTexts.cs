using Harness.Core.Data;
using Harness.Core.Suites;
using Harness.Pipelines.Prompts;

namespace Harness.Pipelines.Training;

/// <summary>
/// The texts a <c>train:</c> block fine-tunes on (each a unit training windows may start at). Corpus: each
/// document's own passages (paragraphs, lines), in order, or its whole text when it has none (continued
/// pre-training).
/// Split: each case as the pipeline's prompt (its {context} filled with the case's gold evidence, what a
/// perfect retriever would show) followed by a space and the case's label (classification datasets, whose
/// answers are mapped to labels) or else its first reference answer, so the model learns to answer in the
/// form it is asked and scored (the pairs of <see cref="TrainingDefinition.Pairs"/>). Either way at most
/// <see cref="TrainingDefinition.Limit"/> items, the first in dataset order.
/// </summary>
public static class TrainingTexts
{
    public static IReadOnlyList<string> FromCorpus(Corpus corpus, TrainingDefinition training)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(training);
        var passages = corpus.Passages.ToLookup(p => p.DocumentId, StringComparer.Ordinal);
        var documents = training.Limit is { } limit ? corpus.Documents.Take(limit) : corpus.Documents;
        return [.. documents
            .SelectMany(d => passages[d.Id].Any() ? passages[d.Id].Select(p => p.Text) : [d.Text])
            .Where(t => !string.IsNullOrWhiteSpace(t))];
    }

    public static IReadOnlyList<string> FromCases(Dataset dataset, string template, TrainingDefinition training)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(training);
        // No context limit: a training pair longer than a window is simply cut across windows.
        var prompts = new PromptBuilder(template, _ => 0, contextLength: null, answerTokens: 0);
        return [.. training.Pairs(dataset.Cases).Select(pair => prompts.Build(pair.Case, GoldEvidence.Passages(pair.Case, dataset.Corpus)).Prompt + " " + pair.Answer)];
    }
}
