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
    /// Binary gain at the ranks that cover a new gold unit, discounted by log2(rank + 1), over the ideal
    /// of min(k, units) such ranks at the top. (A chunk covering two units gains once, so nDCG can stay
    /// below 1 for a list that covers every unit with fewer chunks than units.)
    /// </summary>
    public double NdcgAt(int k)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, NewlyCovered.Count); i++)
        {
            dcg += NewlyCovered[i] > 0 ? 1 / Math.Log2(i + 2) : 0;
        }
        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, GoldUnits); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
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
