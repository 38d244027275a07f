using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Harness.Core.Datasets;

/// <summary>
/// Dataset text decoded strictly: bytes that are not UTF-8 are found and named instead of being read
/// as U+FFFD, which would silently change a question or a reference answer.
/// </summary>
internal static class Utf8Text
{
    /// <summary>
    /// The lines of a file; a line with invalid UTF-8 comes back empty with the 1-based byte where it
    /// fails, so its row can become an error case naming the file and line while every other line is read.
    /// </summary>
    public static IEnumerable<(string Line, int? BadByte)> Lines(string path)
    {
        var bytes = File.ReadAllBytes(path);
        // A byte order mark is allowed at the start of the file.
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var length = (end < 0 ? bytes.Length : end) - start;
            var line = bytes.AsMemory(start, length);
            yield return FirstInvalidByte(line.Span) is { } bad ? ("", bad + 1) : (Encoding.UTF8.GetString(line.Span).TrimEnd('\r'), null);
            start += length + 1;
        }
    }

    /// <summary>The 0-based offset of the first byte that is not part of valid UTF-8, or null when all are.</summary>
    public static int? FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }
        for (var offset = 0; offset < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return null;
    }
}
