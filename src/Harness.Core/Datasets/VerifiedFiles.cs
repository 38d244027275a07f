using System.Globalization;
using System.Security.Cryptography;

namespace Harness.Core.Datasets;

/// <summary>
/// The sha256 of a fetched file, cheaply. The bootstrap (native/cards/link.sh) leaves a stamp
/// <c>&lt;file&gt;.sha256-ok</c> holding "&lt;sha256&gt; &lt;size&gt; &lt;mtime&gt;" beside each file it verified; while
/// the file's size and modification time still match, the stamp's sha256 is the file's, otherwise the
/// file is hashed again and the stamp rewritten. So a run records the hash of the bytes it reads.
/// </summary>
public static class VerifiedFiles
{
    public const string StampSuffix = ".sha256-ok";

    public static string Sha256(string path)
    {
        var key = Key(path);
        var stamp = path + StampSuffix;
        if (File.Exists(stamp) && File.ReadAllText(stamp).Trim().Split(' ', 2) is [var stamped, var stampedKey] && stampedKey == key)
        {
            return stamped;
        }
        string sha;
        using (var stream = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        try
        {
            var temporary = $"{stamp}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, $"{sha} {key}\n");
            File.Move(temporary, stamp, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs hashing again next time.
        }
        return sha;
    }

    /// <summary>Size and modification time (whole seconds) of the file a link points to, as `stat -L -c '%s %Y'` prints them.</summary>
    private static string Key(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        var info = new FileInfo(target);
        return string.Create(CultureInfo.InvariantCulture, $"{info.Length} {new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()}");
    }
}
