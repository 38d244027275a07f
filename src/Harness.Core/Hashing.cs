using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Core;

/// <summary>
/// Every sha256 the harness records or keys a cache by, as lower-case hex. The values are part of the
/// on-disk formats (cache folders, model cards, run files): changing how any of them is computed turns
/// every cache stale. Harness.Llama, which references nothing of the harness, checks model files itself.
/// </summary>
public static class Hashing
{
    /// <summary>The stamp beside a fetched file: "&lt;sha256&gt; &lt;size&gt; &lt;mtime&gt;" (see <see cref="OfStampedFile"/>).</summary>
    public const string StampSuffix = ".sha256-ok";

    /// <summary>sha256 of a text's UTF-8 bytes.</summary>
    public static string OfText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>sha256 of the rest of a stream, read in blocks.</summary>
    public static string OfStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>sha256 of a file's bytes, streamed (model files are gigabytes).</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return OfStream(stream);
    }

    /// <summary>sha256 over the parts in order, each followed by <paramref name="terminator"/>, without joining them in memory.</summary>
    public static string OfParts(IEnumerable<string> parts, char terminator = '\0')
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] end = [(byte)terminator];
        foreach (var part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part));
            hash.AppendData(end);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The sha256 of a fetched file, cheaply. The bootstrap (native/cards/link.sh) leaves a stamp
    /// <c>&lt;file&gt;.sha256-ok</c> holding "&lt;sha256&gt; &lt;size&gt; &lt;mtime&gt;" beside each file it verified; while
    /// the file's size and modification time still match, the stamp's sha256 is the file's, otherwise the
    /// file is hashed again and the stamp rewritten. So a run records the hash of the bytes it reads.
    /// </summary>
    public static string OfStampedFile(string path)
    {
        var key = StampKey(path);
        var stamp = path + StampSuffix;
        if (File.Exists(stamp) && File.ReadAllText(stamp).Trim().Split(' ', 2) is [var stamped, var stampedKey] && stampedKey == key)
        {
            return stamped;
        }
        var sha = OfFile(path);
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
    private static string StampKey(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        var info = new FileInfo(target);
        return string.Create(CultureInfo.InvariantCulture, $"{info.Length} {new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()}");
    }
}
