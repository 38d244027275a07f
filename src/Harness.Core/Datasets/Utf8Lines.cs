using System.Text;

namespace Harness.Core.Datasets;

/// <summary>
/// The lines of a text dataset file, decoded strictly: a line with invalid UTF-8 comes back with the
/// 1-based byte where decoding failed instead of silently holding U+FFFD, so its row can become an
/// error case that names the file and line while every other line is read.
/// </summary>
internal static class Utf8Lines
{
    private static readonly UTF8Encoding _strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<(string Line, int? BadByte)> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        // A byte order mark is allowed at the start of the file.
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var length = (end < 0 ? bytes.Length : end) - start;
            yield return Decode(bytes.AsMemory(start, length));
            start += length + 1;
        }
    }

    private static (string Line, int? BadByte) Decode(ReadOnlyMemory<byte> line)
    {
        try
        {
            return (_strict.GetString(line.Span).TrimEnd('\r'), null);
        }
        catch (DecoderFallbackException e)
        {
            return ("", e.Index + 1);
        }
    }
}
