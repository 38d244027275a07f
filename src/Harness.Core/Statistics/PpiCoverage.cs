namespace Harness.Core.Statistics;

/// <summary>
/// How often the prediction-powered interval (<see cref="PredictionPowered.Of"/>) of a rate covered the truth over repeated draws of the
/// labelled sample, and how wide it was next to the classical interval on the labels alone
/// (Clopper–Pearson): the evidence, on simulated and on real human labels, that the interval is valid
/// and what the scorer buys.
/// </summary>
public sealed record PpiCoverage(int Draws, int Labelled, int Total, double Coverage, double MeanWidth, double ClassicalCoverage, double ClassicalMeanWidth)
{
    /// <summary>
    /// For each seed: a uniform random <paramref name="labelled"/> of the <paramref name="items"/> keep their
    /// human value, the rest only the scorer's, and both intervals are checked against <paramref name="truth"/>.
    /// Values are 0 or 1 (supported or not, by people and by the scorer).
    /// </summary>
    public static PpiCoverage OfLabelledSamples(IReadOnlyList<(bool Human, bool Scorer)> items, double truth, int labelled, int draws, int firstSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(labelled, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(labelled, items.Count);
        return Measure(Enumerable.Range(firstSeed, draws).Select(seed =>
        {
            var order = Enumerable.Range(0, items.Count).ToArray();
            new Random(seed).Shuffle(order);
            var chosen = order.Take(labelled).ToHashSet();
            var units = items.Select((item, i) => new PpiUnit(item.Scorer ? 1 : 0, chosen.Contains(i) ? (item.Human ? 1 : 0) : null)).ToArray();
            return ((IReadOnlyList<PpiUnit>)units, truth);
        }), labelled, items.Count);
    }

    /// <summary>Coverage and mean width of both intervals over the given draws (each: its units and the rate they estimate).</summary>
    public static PpiCoverage Measure(IEnumerable<(IReadOnlyList<PpiUnit> Units, double Truth)> draws, int labelled, int total)
    {
        ArgumentNullException.ThrowIfNull(draws);
        int count = 0, covered = 0, classicalCovered = 0;
        double width = 0, classicalWidth = 0;
        foreach (var (units, truth) in draws)
        {
            var ppi = PredictionPowered.Of(units)!.Value;
            var humans = units.Where(u => u.Human is not null).Select(u => u.Human!.Value).ToArray();
            var classical = ProportionInterval.ClopperPearson(humans.Count(h => h == 1), humans.Length)!.Value;
            count++;
            covered += ppi.Contains(truth) ? 1 : 0;
            classicalCovered += classical.Contains(truth) ? 1 : 0;
            width += ppi.High - ppi.Low;
            classicalWidth += classical.High - classical.Low;
        }
        return new PpiCoverage(count, labelled, total, (double)covered / count, width / count, (double)classicalCovered / count, classicalWidth / count);
    }
}
