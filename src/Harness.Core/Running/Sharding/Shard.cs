using System.Globalization;
using Harness.Core.Data;
using Harness.Core.Datasets;

namespace Harness.Core.Running.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (1-based, as CI matrices number their jobs): the cases whose
/// seeded hash (<see cref="CaseSampler.Rank"/>, the one that picks subsets) is <see cref="Index"/> - 1 modulo
/// <see cref="Count"/>. The assignment depends only on the seed and the case ids, so the n shards are disjoint,
/// together they are the whole run, and every machine computes the same split.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public const string Usage = "a shard is i/n with 1 <= i <= n, e.g. --shard 2/4";

    /// <summary>Reads "i/n"; anything else throws with <see cref="Usage"/>.</summary>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }
        throw new FormatException($"'{text}' is not a shard: {Usage}");
    }

    public bool Contains(int seed, string caseId) => (int)(CaseSampler.Rank(seed, caseId) % (ulong)Count) == Index - 1;

    /// <summary>This shard's cases, in the order of <paramref name="cases"/>.</summary>
    public IReadOnlyList<EvalCase> Select(IReadOnlyList<EvalCase> cases, int seed) => [.. cases.Where(c => Contains(seed, c.Id))];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
