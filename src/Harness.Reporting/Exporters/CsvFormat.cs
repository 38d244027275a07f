using CsvHelper;

namespace Harness.Reporting.Exporters;

/// <summary>The CSV dialect of every harness file: RFC 4180, invariant numbers, formula-safe text.</summary>
internal static class CsvFormat
{
    // Model and dataset text is untrusted: a cell starting with = + - @ tab or CR would run as a
    // spreadsheet formula, so CsvHelper puts an apostrophe in front of it. Numbers are not text
    // and stay numbers (a negative difference keeps its minus sign).
    public static CsvWriterOptions Options { get; } = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
        NewLine = "\n",
    };

    public static CsvWriter Create(Stream stream) => CsvWriter.Create(stream, Options, leaveOpen: true);

    /// <summary>
    /// Untrusted text with control characters (NUL, ESC, …) written as visible \uXXXX escapes: they
    /// break tools that read the file and can drive a terminal that prints it. Tabs and line breaks
    /// are ordinary CSV content (quoted) and stay.
    /// </summary>
    public static void WriteText(this CsvWriter writer, string? text) => writer.WriteField(EscapeControls(text));

    internal static string? EscapeControls(string? text)
    {
        if (text is null || !text.Any(IsEscaped))
        {
            return text;
        }
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsEscaped(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static bool IsEscaped(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    /// <summary>Doubles as the shortest text that round-trips (CsvHelper's default), empty for null.</summary>
    public static void WriteNumber(this CsvWriter writer, double? value)
    {
        if (value is { } number)
        {
            writer.WriteField(number, default);
        }
        else
        {
            writer.WriteField((string?)null);
        }
    }
}
