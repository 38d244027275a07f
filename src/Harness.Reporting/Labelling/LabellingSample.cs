using System.Text.Json.Serialization;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Labels;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting.Labelling;

/// <summary>
/// One claim to label: the answer it belongs to and the passages it was judged against (<see cref="Passages"/>; null in a
/// sample exported before the label file kept them, <see cref="Harness.Core.FormatVersions.LabelFile"/>).
/// </summary>
public sealed record LabellingRow(int Row, string CaseId, string Pipeline, string Question, string Answer, string Claim, IReadOnlyList<Passage> Passages, string Hash)
{
    /// <summary>The evidence as the sheet shows it: each passage as "[id] text", a blank line between.</summary>
    [JsonIgnore]
    public string Evidence => string.Join("\n\n", Passages.Select(p => $"[{p.Id}] {p.Text}"));
}

/// <summary>
/// A labelling sample (<c>harness label export</c>): a seeded uniform random sample of a run's cases, and every
/// claim the scorer decided in each selected pipeline's answer to them, so the pipelines are labelled on the same
/// cases. Written as <c>sample-seed-&lt;seed&gt;.json</c> beside its sheets; <c>label import</c> checks a sheet against it.
/// </summary>
public sealed record LabellingSample(
    string Id,
    int Seed,
    string RunId,
    string Suite,
    string SuitePath,
    string? SuiteSha256,
    string? DatasetSha256,
    int Cases,
    int Frame,
    IReadOnlyList<string> Pipelines,
    IReadOnlyList<LabellingRow> Rows)
{
    /// <summary>
    /// Ranks the cases with a judged answer in any of <paramref name="pipelines"/> by the seeded hash that picks
    /// <c>--limit</c> subsets (<see cref="CaseSampler.Rank"/>) and keeps the first <paramref name="size"/>: a uniform
    /// random sample, the same on every machine.
    /// </summary>
    public static LabellingSample Draw(RunResult run, int size, int seed, IReadOnlyList<string> pipelines)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (run.Info.SuitePath is not { } suitePath)
        {
            throw new InvalidDataException($"run {run.Info.RunId} does not record its suite file (it ran before labelling existed) - run the suite again, then export");
        }
        var known = run.Results.Select(r => r.Pipeline).Distinct().ToArray();
        var unknown = pipelines.Except(known).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"run {run.Info.RunId} has no pipeline {string.Join(", ", unknown.Select(p => $"'{p}'"))} - its pipelines are {string.Join(", ", known)}");
        }
        var chosenPipelines = pipelines.Count > 0 ? pipelines : known;
        var judged = run.Results
            .Where(r => chosenPipelines.Contains(r.Pipeline) && r.Output is not null && r.Find("faithfulness")?.Status == ValueStatus.Ok && ClaimLabels.Judged(r).Count > 0)
            .ToArray();
        if (judged.Length == 0)
        {
            throw new InvalidDataException($"run {run.Info.RunId} has no judged claims in {string.Join(", ", chosenPipelines)} - does its suite measure faithfulness (metrics: [faithfulness, …])?");
        }
        var frame = judged.Select(r => r.CaseId).ToHashSet();
        var chosen = frame.OrderBy(id => CaseSampler.Rank(seed, id)).Take(size).ToHashSet();
        var questions = run.Cases.ToDictionary(c => c.Id, c => c.Question);
        var rows = new List<LabellingRow>();
        foreach (var caseId in run.Cases.Select(c => c.Id).Where(chosen.Contains))
        {
            foreach (var result in judged.Where(r => r.CaseId == caseId))
            {
                rows.AddRange(ClaimLabels.Judged(result).Select(claim => new LabellingRow(
                    rows.Count + 1, caseId, result.Pipeline, questions.GetValueOrDefault(caseId, ""), result.Output!.Answer, claim.Text, result.Output.Context,
                    ClaimLabels.Hash(claim.Text, result.Output.Context))));
            }
        }
        return new LabellingSample(
            $"{run.Info.RunId}/seed-{seed}", seed, run.Info.RunId, run.Info.Suite, suitePath, run.Info.SuiteSha256, run.Info.DatasetHash,
            chosen.Count, frame.Count, chosenPipelines, rows);
    }
}
