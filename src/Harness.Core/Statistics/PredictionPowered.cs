using MathNet.Numerics.Distributions;

namespace Harness.Core.Statistics;

/// <summary>
/// One case of a prediction-powered estimate: the scorer's value (on every judged case) and the people's
/// value (only on the cases of the labelled sample; null elsewhere). For a paired difference between two
/// pipelines each is the difference A − B on the same case.
/// </summary>
public readonly record struct PpiUnit(double Scorer, double? Human);

/// <summary>
/// A prediction-powered estimate, its standard error and the number of labelled cases its variance was estimated
/// from: the interval and the one-sided tests both read Student's t with <see cref="Labelled"/> − 1 degrees of freedom.
/// </summary>
public readonly record struct PpiEstimate(double Estimate, double StandardError, int Labelled)
{
    /// <summary>θ̂ ± t(n − 1)·SE.</summary>
    public ConfidenceInterval Interval(double level = Bootstrap.DefaultLevel)
    {
        var half = StudentT.InvCDF(0, 1, Labelled - 1, 1 - ((1 - level) / 2)) * StandardError;
        return new ConfidenceInterval(Estimate, Estimate - half, Estimate + half, level);
    }

    /// <summary>
    /// One-sided p-values of the estimate turned by <paramref name="higherIsBetter"/> so that positive is better, against
    /// <paramref name="boundary"/>: with t = (θ̂ − boundary) / SE on t(n − 1), <c>Above</c> = F(−t) tests H0 "θ ≤ boundary",
    /// <c>Below</c> = F(t) tests H0 "θ ≥ boundary". The tests of the interval: <c>Above</c> &lt; (1 − level)/2 exactly
    /// when the interval lies above the boundary.
    /// </summary>
    public (double Above, double Below) OneSidedPValues(double boundary, bool higherIsBetter)
    {
        var t = ((higherIsBetter ? Estimate : -Estimate) - boundary) / StandardError;
        return (StudentT.CDF(0, 1, Labelled - 1, -t), StudentT.CDF(0, 1, Labelled - 1, t));
    }

    /// <summary>The spread one labelled case carries, SE·√n: what sample-size arithmetic in labelled cases scales.</summary>
    public double PerLabelSd => StandardError * Math.Sqrt(Labelled);
}

/// <summary>
/// Prediction-powered inference (Angelopoulos et al., Science 2023) for a mean: a cheap, possibly biased
/// scorer runs on all N cases, people label a uniform random n of them, and
/// θ̂ = mean over N of the scorer + mean over n of (human − scorer), the "rectifier" that removes the
/// scorer's bias. The interval is valid whatever the scorer: a poor one only makes it no narrower than
/// the labels' own, a good one narrows it by what it predicts of people.
/// </summary>
public static class PredictionPowered
{
    /// <summary>The summary's and gate's name of the interval.</summary>
    public const string Method = "prediction-powered";

    /// <summary>
    /// From this many labelled cases the scorer's weight λ is tuned on them (PPI++, Angelopoulos et al. 2023);
    /// below it λ = 1, the plain estimator: a slope fitted on a handful of cases is too noisy to trust
    /// (measured: with 20 labels a tuned λ covered 0.934 for a good scorer, the plain one 0.958).
    /// </summary>
    public const int TuningSample = 30;

    /// <summary>The estimate and interval gates and summaries use: <see cref="CentralLimit"/>, tuned from <see cref="TuningSample"/> labels on.</summary>
    public static ConfidenceInterval? Of(IReadOnlyList<PpiUnit> units, double level = Bootstrap.DefaultLevel) => Estimate(units)?.Interval(level);

    /// <summary>The estimate with its standard error (<see cref="Estimate(IReadOnlyList{PpiUnit}, bool)"/>), tuned from <see cref="TuningSample"/> labels on.</summary>
    public static PpiEstimate? Estimate(IReadOnlyList<PpiUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return Estimate(units, tune: units.Count(u => u.Human is not null) >= TuningSample);
    }

    /// <summary>The interval of <see cref="Estimate(IReadOnlyList{PpiUnit}, bool)"/>.</summary>
    public static ConfidenceInterval? CentralLimit(IReadOnlyList<PpiUnit> units, bool tune, double level = Bootstrap.DefaultLevel) =>
        Estimate(units, tune)?.Interval(level);

    /// <summary>
    /// θ̂ = λ·(mean over N of the scorer) + mean over n of (human − λ·scorer), with standard error √var,
    /// var = s²_h / N + s²_r · (1/n − 1/N): s²_h the variance of the people's values and s²_r of the
    /// rectifier (human − λ·scorer), both over the n labelled. The PPI paper's σ²_f/N + σ²_r/n holds when
    /// the labelled cases are apart from the N; here they are among them (two-phase sampling, Cochran,
    /// Sampling Techniques §12): the mean of the people's values over all N would vary by s²_h/N, and
    /// knowing them on n only adds s²_r(1/n − 1/N). At n = N it is the classical s²_h/n.
    /// λ = 1 is the plain estimator; <paramref name="tune"/> sets λ to the slope of the people's values on
    /// the scorer's over the labelled cases, clamped to [0, 1], which makes s²_r the smallest it can be:
    /// a scorer that tells nothing gets λ ≈ 0 and the interval of the labels alone, never a wider one.
    /// Each variance is floored at n/(n + 1)², the variance of a 0/1 value with one of n + 1 observations on the
    /// other side, so labels that all agree do not make a zero-width interval.
    /// Null with fewer than 2 labelled cases (no variance to estimate).
    /// </summary>
    public static PpiEstimate? Estimate(IReadOnlyList<PpiUnit> units, bool tune)
    {
        var (scorer, human) = Split(units);
        if (human.Length < 2)
        {
            return null;
        }
        var labelledScorer = scorer[..human.Length];
        // A scorer constant on the labelled cases has no slope; any λ gives the same estimate there.
        var slope = Covariance(human, labelledScorer) / Variance(labelledScorer);
        var lambda = tune && double.IsFinite(slope) ? Math.Clamp(slope, 0, 1) : 1;
        var rectifier = human.Select((h, i) => h - (lambda * labelledScorer[i])).ToArray();
        var estimate = (lambda * Mean(scorer)) + Mean(rectifier);
        double n = human.Length, total = scorer.Length;
        // Values are shares in [0, 1] (or differences of two). n labels that all agree (with each other, or with the scorer) estimate a variance of 0,
        // yet the next label could differ: each variance is at least that of a 0/1 value seen once among n + 1.
        var floor = n / ((n + 1) * (n + 1));
        var variance = (Math.Max(Variance(human), floor) / total) + (Math.Max(Variance(rectifier), floor) * ((1 / n) - (1 / total)));
        return new PpiEstimate(estimate, Math.Sqrt(variance), human.Length);
    }

    /// <summary>
    /// The plain estimate (λ = 1) with a seeded percentile bootstrap that keeps the design: each resample
    /// draws n labelled cases from the labelled and N − n from the rest, with replacement, and recomputes
    /// θ̂. The variant for a small n that makes no normal approximation; measured against the t interval
    /// (PredictionPoweredTests, 20 labels of 100) it covered less (0.930–0.966 against 0.946–0.970), so
    /// summaries and gates use <see cref="Of"/>.
    /// </summary>
    public static ConfidenceInterval? Bootstrapped(
        IReadOnlyList<PpiUnit> units, int seed, int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel)
    {
        var (scorer, human) = Split(units);
        if (human.Length < 2)
        {
            return null;
        }
        var rectifier = human.Select((h, i) => h - scorer[i]).ToArray();
        var labelled = units.Where(u => u.Human is not null).Select(u => u.Scorer).ToArray();
        var unlabelled = units.Where(u => u.Human is null).Select(u => u.Scorer).ToArray();
        var random = new Random(seed);
        var estimates = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double scorerSum = 0, rectifierSum = 0;
            for (var i = 0; i < labelled.Length; i++)
            {
                var pick = random.Next(labelled.Length);
                scorerSum += labelled[pick];
                rectifierSum += rectifier[pick];
            }
            for (var i = 0; i < unlabelled.Length; i++)
            {
                scorerSum += unlabelled[random.Next(unlabelled.Length)];
            }
            estimates[r] = (scorerSum / scorer.Length) + (rectifierSum / labelled.Length);
        }
        Array.Sort(estimates);
        var alpha = 1 - level;
        return new ConfidenceInterval(
            Mean(scorer) + Mean(rectifier), Quantiles.OfSorted(estimates, alpha / 2), Quantiles.OfSorted(estimates, 1 - (alpha / 2)), level);
    }

    /// <summary>The scorer's values on all N (the labelled first, in order) and the people's on the n.</summary>
    private static (double[] Scorer, double[] Human) Split(IReadOnlyList<PpiUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var labelled = units.Where(u => u.Human is not null).ToArray();
        return ([.. labelled.Select(u => u.Scorer), .. units.Where(u => u.Human is null).Select(u => u.Scorer)], [.. labelled.Select(u => u.Human!.Value)]);
    }

    private static double Mean(double[] values) => values.Length == 0 ? 0 : values.Sum() / values.Length;

    private static double Covariance(double[] a, double[] b)
    {
        double meanA = Mean(a), meanB = Mean(b);
        return a.Select((x, i) => (x - meanA) * (b[i] - meanB)).Sum() / (a.Length - 1);
    }

    /// <summary>Sample variance (n − 1 in the denominator).</summary>
    private static double Variance(double[] values)
    {
        var mean = Mean(values);
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }
}
