namespace Harness.Core.Datasets;

/// <summary>Which split to load and how many of its cases (0 = all), chosen with which seed.</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>The split; null for the card's default split.</summary>
    public string? Split { get; init; }

    public int Limit { get; init; }

    public int Seed { get; init; }
}
