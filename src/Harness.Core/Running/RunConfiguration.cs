using System.Globalization;
using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Running;

/// <summary>
/// Everything that can change a row of a run, item by item: the suite file's text, the options (seed, limit,
/// pipelines, shard, cache mode, backend, CPU variant, threads, GPU layers, parallel sequences, warm-up cases), the
/// model, adapter and embedder files (every sweep variant's among them), the dataset (and the selection split's), the support scorer (a judge's identity holds its model's sha256)
/// and the run store's format version. An unfinished run resumes only under the same configuration, so one run never
/// holds rows of two; <see cref="Difference"/> names the first item that keeps it from resuming.
/// </summary>
/// <param name="Items">The items in a fixed order, each a name as people read it and its value.</param>
public sealed record RunConfiguration(IReadOnlyList<RunConfigurationItem> Items)
{
    /// <summary>The configuration of a run of <paramref name="suite"/> with these settings, as the runner records it.</summary>
    /// <param name="suite">The suite, with the pipelines the run selected.</param>
    /// <param name="seed">The effective seed.</param>
    /// <param name="limit">The effective case limit.</param>
    /// <param name="options">The run's options; Backend and CpuVariant as in effect (the session fills them in).</param>
    /// <param name="datasetSha256">The dataset's files hash.</param>
    /// <param name="models">The model files the pipelines answer with (<see cref="IPipelineFactory.ModelFiles"/>).</param>
    /// <param name="scorer">The support scorer that judges claims, or null when no metric needs one.</param>
    /// <param name="selectionSha256">For a suite with sweeps, the files hash of the dataset split its variants are chosen on (the sweeps and 'select:' are in the suite's text).</param>
    public static RunConfiguration Of(
        SuiteDefinition suite, int seed, int limit, RunOptions options, string? datasetSha256, IReadOnlyList<ModelFileInfo> models, SupportScorerInfo? scorer,
        string? selectionSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(models);
        // Only a suite with sweeps has the item, so runs of other suites started before it existed still resume.
        RunConfigurationItem[] selection = suite.Selection is null ? [] : [new("selection dataset sha256", selectionSha256 ?? "none")];
        return new(
        [
            new("suite file sha256", Hashing.OfText(File.ReadAllText(suite.SourcePath))),
            new("seed", Number(seed)),
            new("limit", Number(limit)),
            new("pipelines", string.Join(", ", suite.Pipelines.Select(p => p.Name))),
            new("shard", options.Shard?.ToString() ?? "none (whole run)"),
            new("cache mode", options.Cache.ToString().ToLowerInvariant()),
            new("backend", options.Backend ?? "none"),
            new("CPU variant", options.CpuVariant ?? "none"),
            // Automatic threads depend on the model (in the models item) and on the machine's cores.
            new("threads", options.Threads > 0 ? Number(options.Threads) : $"automatic on {Number(Environment.ProcessorCount)} cores"),
            new("GPU layers", Number(options.GpuLayers)),
            new("parallel sequences", Number(options.Parallel)),
            new("warm-up cases", Number(options.WarmUpCases)),
            new("models", models.Count == 0 ? "none" : string.Join("; ", models.Select(m => $"{m.Role} {m.Name} {m.Sha256}"))),
            new("dataset sha256", datasetSha256 ?? "none"),
            new("support scorer", scorer is null ? "none" : $"{scorer.Name} ({scorer.Identity})"),
            new("run store format version", Number(FormatVersions.ResultStore)),
            .. selection,
        ]);
    }

    /// <summary>The first item whose value differs from <paramref name="other"/>'s, as "&lt;item&gt; 'a' vs 'b'" (this one's value first); null when they are the same configuration.</summary>
    public string? Difference(RunConfiguration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var theirs = other.Items.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (!theirs.TryGetValue(item.Name, out var value))
            {
                return $"{item.Name} '{item.Value}' vs none recorded";
            }
            if (!string.Equals(item.Value, value, StringComparison.Ordinal))
            {
                return $"{item.Name} '{item.Value}' vs '{value}'";
            }
        }
        return other.Items.FirstOrDefault(i => Items.All(mine => mine.Name != i.Name)) is { } extra
            ? $"{extra.Name} none vs '{extra.Value}'"
            : null;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One item of a <see cref="RunConfiguration"/>.</summary>
/// <param name="Name">What it is, as the console names it ("cache mode").</param>
/// <param name="Value">Its value, as text ("replay").</param>
public sealed record RunConfigurationItem(string Name, string Value);
