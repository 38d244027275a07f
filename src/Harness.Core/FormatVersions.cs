namespace Harness.Core;

/// <summary>
/// The layout version of each file a run leaves behind (run.json, a baseline, the run store), in one
/// place. A reader accepts the versions it understands and refuses any other with a message that names
/// the file, the version found and the fix, before it reads anything else from the file.
/// </summary>
public static class FormatVersions
{
    /// <summary>run.json (<c>formatVersion</c>, its first field): for tools that read it.</summary>
    public const int RunJson = 1;

    /// <summary>
    /// <c>results/baselines/&lt;suite&gt;.json</c> (<c>formatVersion</c>). Version 1 files written before the
    /// field had its name say <c>format: 1</c>; the layout is the same, so they are read as version 1.
    /// </summary>
    public const int Baseline = 1;

    /// <summary>
    /// A run's <c>run.db</c> (meta key <c>formatVersion</c>). Stores written before the key existed have
    /// the version 1 tables; opening one stamps it.
    /// </summary>
    public const int ResultStore = 1;

    /// <summary>
    /// Each line of a suite's <c>labels/&lt;suite&gt;.jsonl</c> (<c>formatVersion</c>). Version 2 keeps the passages a claim was
    /// judged against (<see cref="Labels.ClaimLabel.Evidence"/>), so <c>calibrate --labels suite:&lt;suite.yaml&gt;</c> can score
    /// the claims again; version 1 lines (no field) lack them: runs still use them, calibrate refuses them with the fix.
    /// </summary>
    public const int LabelFile = 2;

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="found"/> is a version this harness reads (1 to <paramref name="current"/>).</summary>
    /// <param name="path">The file, named first in the message.</param>
    /// <param name="what">What the file is, e.g. "baseline".</param>
    /// <param name="found">The version the file declares.</param>
    /// <param name="current">The newest version this harness writes and reads.</param>
    /// <param name="fix">What the user does about a file this harness cannot read, e.g. "save the baseline again".</param>
    public static void Check(string path, string what, int found, int current, string fix)
    {
        if (found > current)
        {
            throw new InvalidDataException(
                $"{path}: {what} format version {found} was written by a newer harness; this one reads versions 1 to {current} - update the harness, or {fix}");
        }
        if (found < 1)
        {
            throw new InvalidDataException($"{path}: {what} format version {found} is not a version (they start at 1) - {fix}");
        }
    }
}
