namespace Harness.Reporting.Tests;

/// <summary>
/// Compares generated text with a committed snapshot under Snapshots/. HARNESS_UPDATE_SNAPSHOTS=1
/// rewrites the snapshots (then review the diff); otherwise a missing or different snapshot fails.
/// </summary>
internal static class Snapshot
{
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Repository.Snapshots, name);
        if (Environment.GetEnvironmentVariable("HARNESS_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Repository.Snapshots);
            File.WriteAllText(path, actual);
            Assert.Warn($"snapshot {name} written; review and commit it");
            return;
        }
        Assert.That(File.Exists(path), Is.True, $"snapshot {path} is missing: run the tests with HARNESS_UPDATE_SNAPSHOTS=1 and commit it");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(path)), $"chart spec differs from snapshot {name}: if the change is intended, rerun with HARNESS_UPDATE_SNAPSHOTS=1 and commit it");
    }
}
