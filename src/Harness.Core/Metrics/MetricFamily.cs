namespace Harness.Core.Metrics;

/// <summary>
/// A metric family as suites name it and reports show it, declared once in <see cref="KnownMetrics"/>:
/// its metrics with their units and direction (ids are validated before anything runs; Harness.Metrics'
/// implementations take their descriptors from here), where it is charted, and whether it can lead a report.
/// </summary>
/// <param name="Name">The name a suite's <c>metrics:</c> list uses, e.g. "retrieval".</param>
/// <param name="Metrics">Its metrics, in the order reports list them.</param>
public sealed record MetricFamily(string Name, IReadOnlyList<MetricSpec> Metrics)
{
    /// <summary>Its metric ids; "@k" stands for any positive k ("recall@k": "recall@5").</summary>
    public IReadOnlyList<string> Ids { get; } = [.. Metrics.Select(m => m.Id)];

    /// <summary>The title of the family's chart; null for a family without one (charted with another, or latency's own chart).</summary>
    public string? Title { get; init; }

    /// <summary>The family whose chart also shows these metrics (hallucination: faithfulness, two views of the same claims); null for a chart of its own.</summary>
    public string? ChartedWith { get; init; }

    /// <summary>
    /// Its values are wall-clock measurements: a warm-up or replayed case's are inconclusive, summaries add
    /// percentiles, cases.csv keeps the raw timings beside them, the report charts them per stage rather than as
    /// means beside the quality families, and they never lead a report.
    /// </summary>
    public bool Timing { get; init; }

    /// <summary>The report may lead with the family's first metric when the suite names no headline (families are tried in registry order).</summary>
    public bool CanHeadline { get; init; }

    /// <summary>A suite without a <c>metrics:</c> list computes it (not the families that load a model of their own).</summary>
    public bool OnByDefault { get; init; } = true;

    /// <summary>Ids with no per-case values: threshold gates decide on their summary, paired gates cannot use them.</summary>
    public IReadOnlyList<string> CorpusIds { get; init; } = [];

    /// <summary>Ids a support scorer decides: their gates need a calibrated scorer.</summary>
    public IReadOnlyList<string> JudgedIds { get; init; } = [];
}
