using System.Text.Json;
using Harness.Core;
using Harness.Core.Results;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// results/calibration/&lt;scorer&gt;.json (':' in a scorer name becomes '-'): a scorer's identity and
/// its calibration against each human-label set, written by <c>./harness calibrate --save</c>
/// (committed, like baselines) and attached to every run that judges claims with that scorer. A plain
/// <c>./harness calibrate</c> writes the same record to the git-ignored results/calibration-runs/,
/// which no run reads. A calibration counts only for the identity it measured: a changed threshold,
/// coefficient file, judge model or prompt needs a new one.
/// </summary>
public sealed class CalibrationStore(string directory)
{
    public CalibrationStore()
        : this(DirectoryIn(RepositoryPaths.Results))
    {
    }

    /// <summary>The calibration folder of a results folder: what runs attach and gates read (committed).</summary>
    public static string DirectoryIn(string resultsDirectory) => Path.Combine(resultsDirectory, "calibration");

    /// <summary>Where a calibration not meant for gates goes (git-ignored): a measurement to look at before saving it.</summary>
    public static string RunsDirectoryIn(string resultsDirectory) => Path.Combine(resultsDirectory, "calibration-runs");

    public string Directory { get; } = directory;

    public string PathOf(string scorer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scorer);
        return Path.Combine(Directory, scorer.Replace(':', '-').Replace('/', '-') + ".json");
    }

    /// <summary>Adds or replaces the scorer's calibration against one label set; entries for an older identity are dropped.</summary>
    public string Save(SupportScorerInfo scorer, ScorerCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(calibration);
        var kept = Read(scorer.Name)?.Calibrations.Where(c => c.ScorerIdentity == scorer.Identity && c.Labels != calibration.Labels) ?? [];
        var record = scorer with
        {
            // The published sets in their order, then a suite's own labels by name.
            Calibrations = [.. kept.Append(calibration)
                .OrderBy(c => HumanLabelSets.Names.ToList().IndexOf(c.Labels) is var index and >= 0 ? index : int.MaxValue)
                .ThenBy(c => c.Labels, StringComparer.Ordinal)],
            CalibrationNote = null,
        };
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(scorer.Name);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(record, HarnessJson.Indented));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public SupportScorerInfo? Read(string scorer)
    {
        var path = PathOf(scorer);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<SupportScorerInfo>(File.ReadAllText(path), HarnessJson.Options);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a calibration record ({exception.Message}): delete it and run ./harness calibrate --scorer {scorer} --save", exception);
        }
    }

    /// <summary>The scorer with the calibrations measured for its identity, or a note saying why there are none.</summary>
    public SupportScorerInfo Attach(SupportScorerInfo scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var fix = $"run ./harness calibrate --scorer {scorer.Name} --save";
        if (Read(scorer.Name) is not { } stored)
        {
            return scorer with { Calibrations = [], CalibrationNote = $"scorer '{scorer.Name}' has never been calibrated against human labels ({PathOf(scorer.Name)} is missing): {fix}" };
        }
        var matching = stored.Calibrations.Where(c => c.ScorerIdentity == scorer.Identity).ToArray();
        return matching.Length > 0
            ? scorer with { Calibrations = matching, CalibrationNote = null }
            : scorer with
            {
                Calibrations = [],
                CalibrationNote = $"the calibration in {PathOf(scorer.Name)} measured another version of scorer '{scorer.Name}' ({stored.Identity}, this run uses {scorer.Identity}): {fix}",
            };
    }
}
