using System.Globalization;

namespace Harness.Core.Caching;

/// <summary>Where a damaged cache file goes: beside itself as <c>&lt;file&gt;.damaged-&lt;UTC time&gt;</c>, kept for a look rather than deleted.</summary>
internal static class DamagedFiles
{
    /// <summary>Moves <paramref name="path"/> (and each existing companion, <c>path + suffix</c>) aside; returns the new name of <paramref name="path"/>.</summary>
    public static string MoveAside(string path, params string[] companionSuffixes)
    {
        var aside = $"{path}.damaged-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        foreach (var suffix in companionSuffixes.Prepend(""))
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix, overwrite: true);
            }
        }
        return aside;
    }
}
