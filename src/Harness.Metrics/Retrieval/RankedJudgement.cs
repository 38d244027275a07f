using Harness.Core.Data;

namespace Harness.Metrics.Retrieval;

/// <summary>
/// A ranked list judged against a case's gold evidence. A chunk is relevant when it overlaps a gold
/// span; the gold units are the distinct non-empty spans. <see cref="NewlyCovered"/>[i] counts the
/// units the chunk at rank i + 1 covers that no higher-ranked chunk covered, so a unit counts once
/// however many overlapping chunks are retrieved.
/// </summary>
public sealed class RankedJudgement
{
    private RankedJudgement(bool[] relevant, int[] newlyCovered, int goldUnits)
    {
        Relevant = relevant;
        NewlyCovered = newlyCovered;
        GoldUnits = goldUnits;
    }

    public IReadOnlyList<bool> Relevant { get; }

    public IReadOnlyList<int> NewlyCovered { get; }

    public int GoldUnits { get; }

    public static RankedJudgement Of(IReadOnlyList<Passage> ranked, IReadOnlyList<EvidenceSpan> goldSpans)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(goldSpans);
        var units = goldSpans.Where(s => s.End > s.Start).Distinct().ToArray();
        var covered = new bool[units.Length];
        var relevant = new bool[ranked.Count];
        var newlyCovered = new int[ranked.Count];
        for (var i = 0; i < ranked.Count; i++)
        {
            for (var u = 0; u < units.Length; u++)
            {
                if (ranked[i].Overlaps(units[u]))
                {
                    relevant[i] = true;
                    if (!covered[u])
                    {
                        covered[u] = true;
                        newlyCovered[i]++;
                    }
                }
            }
        }
        return new RankedJudgement(relevant, newlyCovered, units.Length);
    }

    /// <summary>Relevant chunks among the top k, divided by k (a list shorter than k is not excused).</summary>
    public double PrecisionAt(int k) => (double)Relevant.Take(k).Count(r => r) / k;

    /// <summary>Share of gold units covered by the top k.</summary>
    public double RecallAt(int k) => (double)NewlyCovered.Take(k).Sum() / GoldUnits;

    /// <summary>1 when any of the top k is relevant.</summary>
    public double HitAt(int k) => Relevant.Take(k).Any(r => r) ? 1 : 0;

    /// <summary>1 / rank of the first relevant chunk, 0 when none is retrieved.</summary>
    public double ReciprocalRank()
    {
        for (var i = 0; i < Relevant.Count; i++)
        {
            if (Relevant[i])
            {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /// <summary>
    /// nDCG with gain and ideal in the same unit, gold units: the chunk at rank r gains the number of
    /// gold units it newly covers, discounted by log2(r + 1) (Järvelin &amp; Kekäläinen 2002, graded
    /// gain). The ideal list holds the same gains — those of the retrieved chunks plus 1 for each gold
    /// unit no chunk covered (it would need a chunk of its own) — sorted best first, cut at k. With one
    /// unit per chunk this is the usual binary nDCG; one chunk covering both of two units at rank 1 scores 1.
    /// </summary>
    public double NdcgAt(int k)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, NewlyCovered.Count); i++)
        {
            dcg += NewlyCovered[i] / Math.Log2(i + 2);
        }
        var uncovered = GoldUnits - NewlyCovered.Sum();
        var idealGains = NewlyCovered.Where(g => g > 0).Concat(Enumerable.Repeat(1, uncovered)).OrderDescending().Take(k).ToArray();
        var ideal = 0.0;
        for (var i = 0; i < idealGains.Length; i++)
        {
            ideal += idealGains[i] / Math.Log2(i + 2);
        }
        return dcg / ideal;
    }

    /// <summary>Average over gold units of the precision at the rank that first covers each (0 for units never covered).</summary>
    public double AveragePrecision()
    {
        var sum = 0.0;
        var relevantSoFar = 0;
        for (var i = 0; i < Relevant.Count; i++)
        {
            relevantSoFar += Relevant[i] ? 1 : 0;
            sum += NewlyCovered[i] * ((double)relevantSoFar / (i + 1));
        }
        return sum / GoldUnits;
    }
}
