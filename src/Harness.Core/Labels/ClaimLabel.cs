using System.Text.Json.Serialization;
using Harness.Core.Data;

namespace Harness.Core.Labels;

/// <summary>
/// People's verdict on one judged claim of one answer, imported from a labelling sheet (<c>harness label import</c>).
/// Keyed by case, pipeline, claim text and <see cref="Hash"/> (<see cref="ClaimLabels.Hash"/>: the claim with the
/// evidence it was judged against), so a later run that gives the same answer on the same evidence reuses it.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Pipeline">The pipeline whose answer holds the claim.</param>
/// <param name="Claim">The claim's text, as the scorer judged it.</param>
/// <param name="Hash">The claim with its evidence (<see cref="ClaimLabels.Hash"/>).</param>
/// <param name="Supported">People's verdict: the evidence supports the claim.</param>
/// <param name="Sample">The labelling sample it came from: "&lt;run id&gt;/seed-&lt;seed&gt;".</param>
public sealed record ClaimLabel(string CaseId, string Pipeline, string Claim, string Hash, bool Supported, string Sample)
{
    /// <summary>The layout of this label's line (<see cref="FormatVersions.LabelFile"/>; a line without the field is version 1).</summary>
    public int FormatVersion { get; init; } = FormatVersions.LabelFile;

    /// <summary>
    /// The passages the claim was judged against, as the sheet showed them to people: what <c>calibrate --labels
    /// suite:&lt;suite.yaml&gt;</c> scores the claim on again. Null in a version 1 line.
    /// </summary>
    public IReadOnlyList<Passage>? Evidence { get; init; }

    /// <summary>What makes two labels the same claim: a newer import of it replaces the older.</summary>
    [JsonIgnore]
    public (string CaseId, string Pipeline, string Hash) Key => (CaseId, Pipeline, Hash);
}
