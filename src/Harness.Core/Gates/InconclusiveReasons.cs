namespace Harness.Core.Gates;

/// <summary>
/// Why a gate could not decide, in the few words a run's tally shows ("3 passed, 1 inconclusive (scorer
/// below calibration bar)"); the gate's message carries the full story.
/// </summary>
public static class InconclusiveReasons
{
    public const string TooFewCases = "too few cases";
    public const string NoUsableValues = "no usable values";
    public const string IntervalStraddlesBound = "CI straddles the bound";
    public const string NotSignificant = "difference not significant";
    public const string NoBaseline = "no baseline";
    public const string BaselineNotComparable = "baseline not comparable";
    public const string NothingToCompare = "nothing to compare";
    public const string ScorerNotCalibrated = "scorer not calibrated";
    public const string ScorerBelowCalibrationBar = "scorer below calibration bar";

    /// <summary>What an inconclusive non-strict gate does to a CI verdict, said wherever one is reported.</summary>
    public const string DoesNotFailTheRun =
        "an inconclusive gate does not fail the run (exit code 0, NUnit 'inconclusive'); mark a gate strict: true to make it fail instead";
}
