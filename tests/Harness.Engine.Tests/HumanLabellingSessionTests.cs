using System.Text;
using CsvHelper;
using Harness.Core.Caching;
using Harness.Core.Gates;
using Harness.Core.Running;
using Harness.Core.Statistics;
using Harness.Core.Suites;
using Harness.Reporting.Labelling;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// The labelling workflow end to end on the toyqa fixture, with the extractive pipeline (no model): run, export a
/// sample, fill it from the known answers, import it, run again, and the faithfulness gates decide on a
/// prediction-powered interval instead of waiting for a calibrated scorer.
/// </summary>
public sealed class HumanLabellingSessionTests
{
    // seed 24 with limit 4 picks t1, t2, t5 and t7, toyqa's four rows that import (3, t4 and t6 are broken on purpose),
    // so no case is in error and the gates are about faithfulness alone.
    private const string Suite = """
        name: toyqa-labelled
        dataset: toyqa
        seed: 24
        limit: 4
        pipelines:
          - name: extractive
            kind: extractive
            retriever: { kind: bm25, top_k: 1, chunk: passages }
        metrics: [faithfulness, hallucination]
        gates:
          - { metric: faithfulness, pipeline: extractive, min: 0.3 }
          - { metric: hallucination_rate, pipeline: extractive, max: 0.7 }
        """;

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("harness-labelling-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task ImportedLabelsLetTheFaithfulnessGatesDecideOnAPredictionPoweredInterval()
    {
        var suitePath = Path.Combine(_folder, "toyqa-labelled.yaml");
        await File.WriteAllTextAsync(suitePath, Suite);
        var validation = new SuiteValidator().Validate(suitePath);
        Assert.That(validation.Problems, Is.Empty);
        var suite = validation.Suite!;

        var unlabelled = await RunAsync(suite, "first");
        var sample = LabellingSample.Draw(unlabelled.Run, size: 20, seed: 5, pipelines: []);
        var files = LabellingSheets.Write(sample, Path.Combine(_folder, "sheets"));
        var filled = Fill(files.Single(f => f.EndsWith(".csv", StringComparison.Ordinal)), sample);
        var imported = LabellingSheets.Import(filled);
        var labelled = await RunAsync(suite, "second");

        var before = unlabelled.Run.Gates.Single(g => g.MetricId == "faithfulness");
        var after = labelled.Run.Gates.Single(g => g.MetricId == "faithfulness");
        var summary = labelled.Run.Summary.Single(s => s.Pipeline == "extractive" && s.MetricId == "faithfulness");
        // The toy fixture has 4 cases, fewer than the 5 a gate needs by default: with that minimum lowered to 4, the labels decide.
        var decided = GateEvaluator.Evaluate(suite, labelled.Run, null, GateOptions.Default with { MinimumCases = 4 });
        Assert.Multiple(() =>
        {
            Assert.That(before.InconclusiveReason, Is.EqualTo(InconclusiveReasons.ScorerBelowCalibrationBar), "without labels the lexical scorer cannot carry the gate");
            Assert.That(sample.Cases, Is.EqualTo(4), "a sample of 20 from 4 judged cases takes them all");
            Assert.That(imported.Labels, Is.EqualTo(sample.Rows.Count));
            Assert.That(imported.LabelFile, Is.EqualTo(Path.Combine(_folder, "labels", "toyqa-labelled.jsonl")), "labels live beside the suite");
            Assert.That(labelled.Run.Labels!.Matched, Has.Count.EqualTo(sample.Rows.Count), "the second run gives the same answers, so every label applies");
            Assert.That(labelled.Run.Labels.Stale, Is.Empty);
            Assert.That(summary.Interval, Is.EqualTo(PredictionPowered.Method));
            // Every answer is supported by people and by the scorer: estimate 1; the floored variance gives
            // 0.16/4 = 0.04, half width 3.182446 × 0.2 = 0.636489, so the interval is [1 − 0.636489, 1] = [0.363511, 1].
            Assert.That(summary.Mean, Is.EqualTo(1.0));
            Assert.That(summary.CiLow, Is.EqualTo(0.363511).Within(1e-6));
            Assert.That(after.Message, Does.Contain("prediction-powered: 4 labelled of 4 judged"));
            Assert.That(after.InconclusiveReason, Is.EqualTo(InconclusiveReasons.TooFewCases), "no longer the calibration bar: only the fixture's size");
            Assert.That(decided.Select(g => g.Verdict), Is.All.EqualTo(GateVerdict.Pass), "faithfulness CI low 0.364 ≥ 0.3; hallucination CI high 0.636 ≤ 0.7");
        });
    }

    /// <summary>The sheet with its verdict column filled as a person would from toyqa's answers: each extractive claim is a sentence of its evidence.</summary>
    private string Fill(string sheet, LabellingSample sample)
    {
        using var reader = CsvReader.FromFile(sheet);
        var lines = new StringBuilder(string.Join(',', LabellingSheets.Columns) + "\n");
        while (reader.Read())
        {
            var row = sample.Rows[int.Parse(reader.GetString("row"), System.Globalization.CultureInfo.InvariantCulture) - 1];
            var verdict = row.Evidence.Contains(row.Claim, StringComparison.Ordinal) ? LabellingSheets.Supported : LabellingSheets.Unsupported;
            var fields = LabellingSheets.Columns.Select(c => c == "verdict" ? verdict : reader.GetString(c));
            lines.Append(string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append('\n');
        }
        var filled = Path.Combine(_folder, "filled.csv");
        File.WriteAllText(filled, lines.ToString());
        return filled;
    }

    private Task<SessionResult> RunAsync(SuiteDefinition suite, string name) =>
        new SuiteSession(NullLoggerFactory.Instance).RunAsync(
            suite,
            new RunOptions { Cache = CacheMode.Off, GenerationCachePath = Path.Combine(_folder, "generations.db"), OutputDirectory = Path.Combine(_folder, name), Threads = 1 },
            new SessionOptions { RecordHistory = false, WriteReports = false },
            progress: null,
            CancellationToken.None);
}
