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
