namespace Harness.Core.Statistics;

/// <summary>Per-case differences of two aligned value lists (the unit every paired statistic works on).</summary>
public static class PairedDifferences
{
    public static double[] Of(IReadOnlyList<double> current, IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(reference);
        if (current.Count != reference.Count)
        {
            throw new ArgumentException(
                $"Paired values must align case by case ({current.Count} current vs {reference.Count} reference).", nameof(reference));
        }
        var differences = new double[current.Count];
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = current[i] - reference[i];
        }
        return differences;
    }
}
