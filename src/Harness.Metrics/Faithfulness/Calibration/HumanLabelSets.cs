using Harness.Core.Datasets;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>A human-label set read through its dataset card: its labels, the sha256 of its file, and whether it labels claims or whole responses.</summary>
public sealed record LoadedLabelSet(string Name, HumanLabelSet Set, string Sha256, bool ResponseLevel);

/// <summary>
/// The human-label sets scorers are calibrated against, by dataset card name (datasets/*.yaml with
/// <c>importer: none</c>; the bootstrap links their files into .cache from the mirror).
/// <list type="bullet">
/// <item><c>expertqa</c>: claim level; "Complete" support is supported, Partial/Incomplete/Missing not (<see cref="ExpertQaSupportLabels"/>).</item>
/// <item><c>dstc11-human-eval</c>: response level; mean 1–5 accuracy above 3 supported, below 3 not, 3 skipped (<see cref="Dstc11HumanRatings"/>).</item>
/// <item><c>suite:&lt;suite.yaml&gt;</c>: claim level; the suite's own labels from <c>harness label import</c> (<see cref="SuiteHumanLabels"/>).</item>
/// </list>
/// </summary>
public static class HumanLabelSets
{
    public const string ExpertQa = "expertqa";
    public const string Dstc11 = "dstc11-human-eval";
    public const string ExpertQaFile = "domain_val.jsonl";

    /// <summary>The published sets: what <c>calibrate</c> measures against by default and a suite's <c>calibration.labels</c> may name.</summary>
    public static IReadOnlyList<string> Names { get; } = [ExpertQa, Dstc11];

    public static LoadedLabelSet Load(string name, DatasetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(catalog);
        if (name.StartsWith(SuiteHumanLabels.Prefix, StringComparison.Ordinal))
        {
            return SuiteHumanLabels.Load(name);
        }
        var (file, read, responseLevel) = name switch
        {
            ExpertQa => (ExpertQaFile, (Func<string, HumanLabelSet>)ExpertQaSupportLabels.Read, false),
            Dstc11 => ("human_eval_joined.sample1000.jsonl", Dstc11HumanRatings.Read, true),
            _ => throw new ArgumentException($"unknown human-label set '{name}' - use {string.Join(", ", Names)} or {SuiteHumanLabels.Prefix}<suite.yaml> (the suite's own labels)", nameof(name)),
        };
        var card = catalog.GetCard(name);
        var path = catalog.PathOf(card, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"the {name} human labels are not at {path}: run 'bash native/bootstrap.sh' to link them from the mirror (HARNESS_MIRROR, default ../shared)", path);
        }
        var sha256 = card.Files.FirstOrDefault(f => f.Name == file)?.Sha256 ?? "";
        return new LoadedLabelSet(name, read(path), sha256, responseLevel);
    }
}
