namespace Harness.Core.Statistics;

/// <summary>
/// Holm's step-down correction: controls the family-wise error rate of several comparisons at
/// once, uniformly more powerful than Bonferroni.
/// </summary>
public static class Holm
{
    /// <summary>
    /// Adjusted p-values in the input order: with p sorted ascending, adj(i) = max over j ≤ i of
    /// min(1, (m − j + 1)·p(j)); a comparison is significant at α when its adjusted p is below α.
    /// </summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var p = pValues[order[rank]];
            if (p is < 0 or > 1 || double.IsNaN(p))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), p, "A p-value must lie in [0, 1].");
            }
            running = Math.Max(running, Math.Min(1.0, (m - rank) * p));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
