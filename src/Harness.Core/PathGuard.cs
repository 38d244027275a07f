namespace Harness.Core;

/// <summary>
/// Keeps paths that come from cards, suites and the command line inside the folder they belong to
/// (cache, repository, results) and names that become file names to a safe alphabet. Containment is
/// lexical: the bootstrap's own links from the cache into the mirror are meant to point outside.
/// </summary>
public static class PathGuard
{
    /// <summary>What a name that becomes a file or folder name may hold, as validation messages say it.</summary>
    public const string NameRule = "letters, digits, '-', '_' and '.', starting with a letter or digit";

    // Any absolute folder shows whether a relative path climbs out of it; the path is never touched.
    private static readonly string VirtualRoot = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "harness-path-guard"));

    /// <summary>True when <paramref name="name"/> keeps to <see cref="NameRule"/> (ASCII only, so every file system takes it).</summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 200
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>
    /// <paramref name="relative"/> resolved against <paramref name="folder"/>, or null when it is absolute
    /// or leaves the folder (through '..').
    /// </summary>
    public static string? TryResolve(string folder, string relative)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(relative);
        if (relative.Length == 0 || Path.IsPathRooted(relative))
        {
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        return IsInside(folder, full) ? full : null;
    }

    /// <summary>True when <paramref name="relative"/> is a relative path that stays inside whatever folder it is resolved against.</summary>
    public static bool StaysInside(string relative) => TryResolve(VirtualRoot, relative) is not null;

    /// <summary>Like <see cref="TryResolve"/>, but a path that leaves the folder is an error naming both and the fix.</summary>
    public static string Resolve(string folder, string relative, string what) =>
        TryResolve(folder, relative)
        ?? throw new PathEscapeException($"{what} '{relative}' leaves {Path.GetFullPath(folder)} - give a relative path inside that folder, without '..'");

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> itself or lies under it.</summary>
    public static bool IsInside(string folder, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}

/// <summary>A path from a card, suite or the command line points outside the folder it must stay in.</summary>
public sealed class PathEscapeException(string message) : IOException(message);
