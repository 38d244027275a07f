using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.Core.Data;

namespace Harness.Core.Datasets;

/// <summary>
/// Deterministic subsets: each case is ranked by a hash of (seed, case id) and the first <c>limit</c>
/// are kept, in the dataset's order. The choice depends only on the ids, never on the machine or on
/// the order of the file, and a larger limit keeps every case a smaller one chose.
/// </summary>
public static class CaseSampler
{
    public static IReadOnlyList<EvalCase> Sample(IReadOnlyList<EvalCase> cases, int limit, int seed)
    {
        if (limit <= 0 || limit >= cases.Count)
        {
            return cases;
        }
        var chosen = cases
            .Select((evalCase, index) => (Rank: Rank(seed, evalCase.Id), Index: index))
            .OrderBy(c => c.Rank)
            .ThenBy(c => c.Index)
            .Take(limit)
            .Select(c => c.Index)
            .Order()
            .ToArray();
        return chosen.Select(i => cases[i]).ToArray();
    }

    /// <summary>The case's place in the seeded order (lower is chosen first).</summary>
    public static ulong Rank(int seed, string caseId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}\0{caseId}")));
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
