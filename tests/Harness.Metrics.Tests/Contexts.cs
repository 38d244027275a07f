using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;

namespace Harness.Metrics.Tests;

/// <summary>Builds the metric context of a hand-made case.</summary>
internal static class Contexts
{
    private static readonly Corpus EmptyCorpus = new([], []);

    public static MetricContext For(
        string answer,
        IReadOnlyList<string>? references = null,
        string? label = null,
        IReadOnlyList<string>? context = null,
        bool retrieves = true,
        LabelMapping? labelMapping = null,
        StageTimings? timings = null,
        TokenCounts? tokens = null,
        bool fromCache = false,
        RecordedLatency? recorded = null)
    {
        var evalCase = new EvalCase
        {
            Id = "case-1",
            Question = "a question",
            References = references ?? [],
            Label = label,
        };
        var output = new PipelineOutput
        {
            Answer = answer,
            Context = Passages(context ?? []),
            Timings = timings ?? new StageTimings(),
            Tokens = tokens ?? new TokenCounts(0, 0),
            FromCache = fromCache,
            Recorded = recorded,
        };
        return new MetricContext(evalCase, output, retrieves, EmptyCorpus, labelMapping);
    }

    public static IReadOnlyList<Passage> Passages(params IReadOnlyList<string> texts) =>
        [.. texts.Select((text, i) => new Passage($"p{i + 1}", "doc", 0, text.Length, text))];

    public static MetricValue Value(this IReadOnlyList<MetricValue> values, string metricId) =>
        values.Single(value => value.MetricId == metricId);
}
