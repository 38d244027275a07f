using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Harness.Core;
using Harness.Core.Labels;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Labelling;

/// <summary>What <c>harness label import</c> stored.</summary>
public sealed record LabelImport(string LabelFile, int Labels, int Skipped, LabellingSample Sample);

/// <summary>A labelling sheet that cannot be imported: every problem, each as file:line with the fix.</summary>
public sealed class LabellingSheetException(string message) : Exception(message);

/// <summary>
/// The labelling sheets of a <see cref="LabellingSample"/>: a CSV any spreadsheet opens (fill the verdict column with
/// supported or unsupported) and a self-contained HTML page (y / n / s keys) that saves the same CSV; and their import.
/// </summary>
public static class LabellingSheets
{
    public static readonly string[] Columns = ["sample_file", "row", "case_id", "pipeline", "question", "answer", "claim", "evidence", "claim_hash", "verdict"];
    public const string Supported = "supported";
    public const string Unsupported = "unsupported";

    /// <summary>Writes sample-seed-&lt;seed&gt;.json, .csv and .html into <paramref name="directory"/>; returns the three paths.</summary>
    public static IReadOnlyList<string> Write(LabellingSample sample, string directory)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"sample-seed-{sample.Seed}");
        var manifest = stem + ".json";
        File.WriteAllText(manifest, JsonSerializer.Serialize(sample, HarnessJson.Indented));
        var reference = RepositoryRelative(manifest);
        using (var stream = File.Create(stem + ".csv"))
        using (var csv = CsvFormat.Create(stream))
        {
            csv.WriteHeader(Columns);
            foreach (var row in sample.Rows)
            {
                csv.WriteText(reference);
                csv.WriteField(row.Row.ToString(CultureInfo.InvariantCulture));
                foreach (var text in new[] { row.CaseId, row.Pipeline, row.Question, row.Answer, row.Claim, row.Evidence, row.Hash, "" })
                {
                    csv.WriteText(text);
                }
                csv.EndRecord();
            }
        }
        File.WriteAllText(stem + ".html", Html(sample, reference));
        return [manifest, stem + ".csv", stem + ".html"];
    }

    /// <summary>Checks a filled sheet against its sample and merges its verdicts into the suite's label file.</summary>
    /// <exception cref="LabellingSheetException">Every problem at once; nothing is stored.</exception>
    public static LabelImport Import(string sheet)
    {
        if (!File.Exists(sheet))
        {
            throw new LabellingSheetException($"{sheet}: no such file - pass the CSV that 'harness label export' wrote (or the HTML page saved)");
        }
        using var reader = CsvReader.FromFile(sheet, CsvReaderOptions.Default with { TrackLineNumbers = true });
        if (!reader.Read())
        {
            throw new LabellingSheetException($"{sheet}:1: the sheet has no rows - export a sample first ('harness label export <run-dir>')");
        }
        var missing = Columns.Where(c => !reader.Headers.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new LabellingSheetException($"{sheet}:1: column(s) {string.Join(", ", missing)} missing - keep the header row the export wrote");
        }
        var sample = LoadSample(sheet, reader.GetString("sample_file"));
        var problems = new List<string>();
        var labels = new List<ClaimLabel>();
        var seen = new Dictionary<int, long>();
        var skipped = 0;
        do
        {
            var line = reader.LineNumber;
            var rowText = reader.GetString("row");
            if (!int.TryParse(rowText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > sample.Rows.Count)
            {
                problems.Add($"{sheet}:{line}: row '{rowText}' is not a row of sample {sample.Id} (1-{sample.Rows.Count}) - do not edit the row column; export the sample again if it was lost");
                continue;
            }
            var row = sample.Rows[number - 1];
            if (reader.GetString("claim_hash") != row.Hash)
            {
                problems.Add($"{sheet}:{line}: row {number}'s claim_hash is not the sample's (case {row.CaseId}, claim \"{row.Claim}\") - do not edit the claim_hash column");
                continue;
            }
            if (seen.TryGetValue(number, out var first))
            {
                problems.Add($"{sheet}:{line}: row {number} (case {row.CaseId}) appears again (first on line {first}) - keep one of the two lines");
                continue;
            }
            seen[number] = line;
            var verdict = reader.GetString("verdict").Trim().ToLowerInvariant();
            if (verdict is "" or "skip")
            {
                skipped++;
            }
            else if (verdict is Supported or Unsupported)
            {
                labels.Add(new ClaimLabel(row.CaseId, row.Pipeline, row.Claim, row.Hash, verdict == Supported, sample.Id) { Evidence = row.Passages });
            }
            else
            {
                problems.Add($"{sheet}:{line}: row {number} (case {row.CaseId}) has verdict '{verdict}' - write supported or unsupported (or leave it empty to skip the claim)");
            }
        }
        while (reader.Read());
        if (problems.Count > 0)
        {
            throw new LabellingSheetException(string.Join(Environment.NewLine, problems));
        }
        var file = LabelFile.PathFor(Path.Combine(RepositoryPaths.Root, sample.SuitePath), sample.Suite);
        LabelFile.Merge(file, labels);
        return new LabelImport(file, labels.Count, skipped + (sample.Rows.Count - seen.Count), sample);
    }

    /// <summary>The sample the sheet names: a path relative to the repository, else to the sheet's folder, else its file name beside the sheet.</summary>
    private static LabellingSample LoadSample(string sheet, string reference)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(sheet))!;
        var candidates = new[] { Path.Combine(RepositoryPaths.Root, reference), Path.Combine(folder, reference), Path.Combine(folder, Path.GetFileName(reference)) };
        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new LabellingSheetException($"{sheet}:2: sample file '{reference}' not found - keep the sheet's sample_file column, or put the .json that 'label export' wrote beside the sheet");
        var sample = JsonSerializer.Deserialize<LabellingSample>(File.ReadAllText(found), HarnessJson.Options)
            ?? throw new LabellingSheetException($"{found}: not a labelling sample - export again");
        // Labels keep the passages people judged against (label format 2); an older sample has only their text for display.
        if (sample.Rows.Any(r => r.Passages is null))
        {
            var pipelines = string.Concat(sample.Pipelines.Select(p => $" --pipeline {p}"));
            throw new LabellingSheetException(
                $"{found}: sample {sample.Id} was exported before labels kept their evidence passages - export it again from its run, which draws the same rows " +
                $"('harness label export <folder of run {sample.RunId}> --sample {sample.Cases} --seed {sample.Seed}{pipelines}' into the same folder), then import this sheet again");
        }
        return sample;
    }

    private static string RepositoryRelative(string path)
    {
        var relative = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative.Replace('\\', '/');
    }

    private static string Html(LabellingSample sample, string reference)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var rows = new StringBuilder();
        foreach (var row in sample.Rows)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""
<section class="item" data-row="{row.Row}" data-hash="{E(row.Hash)}" data-case="{E(row.CaseId)}" data-pipeline="{E(row.Pipeline)}">
<h2>Row {row.Row} of {sample.Rows.Count} · case {E(row.CaseId)} · {E(row.Pipeline)} · <span class="verdict">unlabelled</span></h2>
<p><b>Question</b> <span class="question">{E(row.Question)}</span></p>
<p><b>Answer</b> <span class="answer">{E(row.Answer)}</span></p>
<p class="claim"><b>Claim</b> <span class="claim-text">{E(row.Claim)}</span></p>
<pre class="evidence">{E(row.Evidence)}</pre>
</section>

""");
        }
        return $$"""
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Label sample {{E(sample.Id)}}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; }
.item { border: 1px solid #ccc; padding: .5rem 1rem; margin: .5rem 0; }
.item.current { border: 3px solid #2563eb; }
.claim { background: #fef9c3; }
.evidence { white-space: pre-wrap; background: #f3f4f6; padding: .5rem; }
.supported .verdict { color: #15803d; } .unsupported .verdict { color: #b91c1c; }
</style></head>
<body data-sample-file="{{E(reference)}}" data-sample="{{E(sample.Id)}}">
<h1>Is each claim supported by its evidence?</h1>
<p>Sample {{E(sample.Id)}} of suite {{E(sample.Suite)}}: {{sample.Cases}} cases drawn at random (seed {{sample.Seed}}) from {{sample.Frame}}, {{sample.Rows.Count}} claims.
Keys: <kbd>y</kbd> supported, <kbd>n</kbd> unsupported, <kbd>s</kbd> skip (clears), <kbd>j</kbd>/<kbd>k</kbd> next/previous.
Judge the claim against the evidence only, not against what you know.
<button id="save">Save CSV</button> <span id="progress"></span></p>
{{rows}}
<script>
const items = [...document.querySelectorAll('.item')];
let current = 0;
function show(i) { items[current].classList.remove('current'); current = Math.max(0, Math.min(items.length - 1, i)); items[current].classList.add('current'); items[current].scrollIntoView({ block: 'center' }); }
function count() { document.getElementById('progress').textContent = items.filter(x => x.dataset.verdict).length + ' of ' + items.length + ' labelled'; }
function mark(verdict) {
  const item = items[current];
  item.classList.remove('supported', 'unsupported');
  if (verdict) { item.dataset.verdict = verdict; item.classList.add(verdict); } else { delete item.dataset.verdict; }
  item.querySelector('.verdict').textContent = verdict || 'skipped';
  count(); show(current + 1);
}
document.addEventListener('keydown', e => {
  if (e.key === 'y') mark('supported'); else if (e.key === 'n') mark('unsupported'); else if (e.key === 's') mark('');
  else if (e.key === 'j') show(current + 1); else if (e.key === 'k') show(current - 1);
});
items.forEach((item, i) => item.addEventListener('click', () => show(i)));
const quote = text => '"' + String(text).replace(/"/g, '""') + '"';
document.getElementById('save').addEventListener('click', () => {
  const header = {{JsonSerializer.Serialize(Columns)}};
  const lines = [header.join(',')].concat(items.map(item => [document.body.dataset.sampleFile, item.dataset.row, item.dataset.case, item.dataset.pipeline,
    item.querySelector('.question').textContent, item.querySelector('.answer').textContent, item.querySelector('.claim-text').textContent,
    item.querySelector('.evidence').textContent, item.dataset.hash, item.dataset.verdict || ''].map(quote).join(',')));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
  link.download = 'sample-seed-{{sample.Seed}}-labelled.csv';
  link.click();
});
show(0); count();
</script>
</body></html>

""";
    }
}
