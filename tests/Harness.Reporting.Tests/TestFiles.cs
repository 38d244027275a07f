using System.Globalization;
using CsvHelper;

namespace Harness.Reporting.Tests;

/// <summary>Temporary output folders and culture switching for report tests.</summary>
internal static class TestFiles
{
    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "harness-reporting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static async Task<T> UnderCultureAsync<T>(string culture, Func<Task<T>> action)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return await action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    /// <summary>1.5 as the German culture writes it: proves a culture test really ran under another culture.</summary>
    public static string GermanDecimal() => 1.5.ToString(CultureInfo.GetCultureInfo("de-DE"));

    /// <summary>Reads a CSV file back into header names and rows of strings.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<Dictionary<string, string>> Rows) ReadCsv(string path)
    {
        using var reader = CsvReader.Create(File.ReadAllBytes(path));
        var rows = new List<Dictionary<string, string>>();
        IReadOnlyList<string>? header = null;
        while (reader.Read())
        {
            header ??= [.. reader.Headers];
            rows.Add(header.Select((name, i) => (name, value: reader.GetString(i))).ToDictionary(x => x.name, x => x.value));
        }
        return (header ?? [], rows);
    }
}
