using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Suites;

namespace Harness.Core.Running.Selection;

/// <summary>
/// The cases a suite's variants are chosen on and the cases it evaluates, disjoint by construction: a split the suite
/// does not evaluate (less the cases any of its pipelines trains on, which would favour the variant that memorised
/// them), or a seeded share of the evaluated split that the evaluation then leaves out.
/// </summary>
public static class SelectionCases
{
    /// <summary>The evaluated split's cases split into the held-out selection share and the rest, by a seeded rank of each id.</summary>
    public static (IReadOnlyList<EvalCase> Selection, IReadOnlyList<EvalCase> Evaluated) HoldOut(IReadOnlyList<EvalCase> cases, double share, int seed)
    {
        ArgumentNullException.ThrowIfNull(cases);
        // At least one case on each side: selection needs cases to compare, the evaluation cases to decide on.
        var count = Math.Clamp((int)Math.Round(cases.Count * share, MidpointRounding.AwayFromZero), 1, Math.Max(1, cases.Count - 1));
        // Ranked apart from the --limit subset's order, so the held-out share is not the cases a limit would pick first.
        var held = cases.Select(c => c.Id).OrderBy(id => CaseSampler.Rank(seed, "select\0" + id)).ThenBy(id => id, StringComparer.Ordinal)
            .Take(count).ToHashSet(StringComparer.Ordinal);
        return ([.. cases.Where(c => held.Contains(c.Id))], [.. cases.Where(c => !held.Contains(c.Id))]);
    }

    /// <summary>A selection split's cases less those that any pipeline or variant of the suite trains on with 'data: split' of that split.</summary>
    public static IReadOnlyList<EvalCase> WithoutTrainingPairs(IReadOnlyList<EvalCase> cases, string split, SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(suite);
        var trained = suite.Pipelines.Concat(suite.SelectionSuite().Pipelines)
            .Select(p => p.Training)
            .OfType<TrainingDefinition>()
            .Where(t => t.Data == TrainingData.Split && t.Split == split)
            .SelectMany(t => t.Pairs(cases).Select(pair => pair.Case.Id))
            .ToHashSet(StringComparer.Ordinal);
        return [.. cases.Where(c => !trained.Contains(c.Id))];
    }

    /// <summary>The evaluated cases (a seeded subset of <paramref name="limit"/>), and the selection cases when the suite has sweeps (at most 'select: { limit }' and the run's limit).</summary>
    public static (Dataset Evaluated, Dataset? Selection) Load(DatasetCatalog datasets, SuiteDefinition suite, int seed, int limit)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(suite);
        var card = datasets.GetCard(suite.Dataset);
        if (suite.Selection is not { } select)
        {
            return (datasets.Load(card, new DatasetLoadOptions { Split = suite.Split, Limit = limit, Seed = seed }), null);
        }
        // A cap, never above the run's own limit: a small CI subset (--limit 20) keeps a small selection too.
        var selectionLimit = select.Limit is { } cap ? (limit > 0 ? Math.Min(cap, limit) : cap) : limit;
        var whole = datasets.Load(card, new DatasetLoadOptions { Split = suite.Split, Seed = seed });
        if (select.Split is not { } split)
        {
            var (held, evaluated) = HoldOut(whole.Cases, select.Share!.Value, seed);
            return (whole with { Cases = CaseSampler.Sample(evaluated, limit, seed) }, whole with { Cases = CaseSampler.Sample(held, selectionLimit, seed) });
        }
        var selectionSplit = datasets.Load(card, new DatasetLoadOptions { Split = split, Seed = seed });
        // A case both splits hold (a dataset whose splits share a file) is an evaluated case, never a selection one.
        var evaluatedIds = whole.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var candidates = WithoutTrainingPairs([.. selectionSplit.Cases.Where(c => !evaluatedIds.Contains(c.Id))], split, suite);
        if (candidates.Count == 0)
        {
            throw new ArgumentException(
                $"suite '{suite.Name}' selects on split '{split}', and none of its {selectionSplit.Cases.Count} cases is left to select on: its pipelines train on them, or the evaluated split holds them too - give 'train:' a 'limit' below that, or select on 'share: 0.2' of the evaluated cases");
        }
        return (whole with { Cases = CaseSampler.Sample(whole.Cases, limit, seed) }, selectionSplit with { Cases = CaseSampler.Sample(candidates, selectionLimit, seed) });
    }
}
