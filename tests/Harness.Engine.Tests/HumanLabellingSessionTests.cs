using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Harness.Core.Caching;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Labels;
using Harness.Core.Running;
using Harness.Core.Statistics;
using Harness.Core.Suites;
using Harness.Engine.Scoring;
using Harness.Metrics.Faithfulness.Calibration;
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
        var suitePath = await WriteSuiteAsync();
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

    [Test]
    public async Task CalibrateMeasuresTheScorerOnTheSuitesOwnLabels()
    {
        var suitePath = await WriteSuiteAsync();
        var suite = new SuiteValidator().Validate(suitePath).Suite!;
        var run = await RunAsync(suite, "first");
        var sample = LabellingSample.Draw(run.Run, size: 20, seed: 5, pipelines: []);
        var sheet = LabellingSheets.Write(sample, Path.Combine(_folder, "sheets")).Single(f => f.EndsWith(".csv", StringComparison.Ordinal));
        // The person overrules the scorer on the first claim: the evidence holds the sentence, yet they find it unsupported.
        LabellingSheets.Import(Fill(sheet, sample, unsupportedRow: 1));
        var calibrator = new ScorerCalibrator(new SupportScorers(), new DatasetCatalog(), new CalibrationStore(Path.Combine(_folder, "calibration-runs")));

        var outcome = (await calibrator.RunAsync(SupportScorers.Lexical, [$"suite:{suitePath}"], progress: null, CancellationToken.None)).Single();

        var result = outcome.Result;
        var stored = LabelFile.Read(Path.Combine(_folder, "labels", "toyqa-labelled.jsonl"));
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(l => l.Evidence), Is.EqualTo(sample.Rows.Select(r => r.Passages)), "each label keeps the passages its claim was judged against");
            Assert.That(stored.Select(l => l.FormatVersion), Is.All.EqualTo(2));
            Assert.That(outcome.Labels.Name, Is.EqualTo($"suite:{suitePath}"));
            Assert.That(result.Items, Is.EqualTo(sample.Rows.Count));
            Assert.That(result.Errors, Is.Zero);
            Assert.That(result.Positives, Is.EqualTo(sample.Rows.Count - 1));
            // Every extractive claim is a sentence of its evidence: the lexical scorer covers each fully (score 1) and calls it supported.
            Assert.That(result.Judged.Select(j => j.Predicted), Is.All.True);
            // AUROC: the one unsupported claim ties every supported one (score 1 each), ties count half → 0.5.
            // Balanced accuracy: sensitivity 1 (every supported claim called supported), specificity 0 (the unsupported one too) → 0.5.
            // κ: observed agreement (n − 1)/n; chance agreement 1 × (n − 1)/n + 0 × 1/n, the same → κ = 0.
            Assert.That(result.Auroc!.Value.Estimate, Is.EqualTo(0.5));
            Assert.That(result.BalancedAccuracy!.Value.Estimate, Is.EqualTo(0.5));
            Assert.That(result.Kappa!.Value.Estimate, Is.EqualTo(0.0));
        });
    }

    [Test]
    public async Task CalibrateRefusesALabelWithoutItsEvidenceNamingTheLineAndTheFix()
    {
        var suitePath = await WriteSuiteAsync();
        Directory.CreateDirectory(Path.Combine(_folder, "labels"));
        // A line as label import wrote it before version 2: no formatVersion, no evidence.
        await File.WriteAllTextAsync(Path.Combine(_folder, "labels", "toyqa-labelled.jsonl"),
            """{"caseId":"t1","pipeline":"extractive","claim":"Paris is the capital.","hash":"ab12","supported":true,"sample":"toyqa-labelled-1/seed-5"}""" + "\n");

        var refusal = Assert.Throws<InvalidDataException>(() => HumanLabelSets.Load($"suite:{suitePath}", new DatasetCatalog()));

        Assert.That(refusal!.Message, Does.StartWith(
            $"{Path.Combine(_folder, "labels", "toyqa-labelled.jsonl")}:1: the label of case t1 in extractive has no evidence passages (label format 1, from before labels kept them)"));
        Assert.That(refusal.Message, Does.Contain("export sample toyqa-labelled-1/seed-5 again from its run with the same seed and import its filled sheet again"));
    }

    [Test]
    public async Task ASheetOfASampleExportedBeforeLabelsKeptTheirEvidenceImportsOnceTheSampleIsExportedAgain()
    {
        var suitePath = await WriteSuiteAsync();
        var run = await RunAsync(new SuiteValidator().Validate(suitePath).Suite!, "first");
        var sample = LabellingSample.Draw(run.Run, size: 20, seed: 5, pipelines: []);
        var files = LabellingSheets.Write(sample, Path.Combine(_folder, "sheets"));
        var filled = Fill(files.Single(f => f.EndsWith(".csv", StringComparison.Ordinal)), sample);
        // The sample as an older export wrote it: each row's evidence as display text only, no passages.
        var manifest = files.Single(f => f.EndsWith(".json", StringComparison.Ordinal));
        var old = JsonNode.Parse(await File.ReadAllTextAsync(manifest))!;
        foreach (var row in old["rows"]!.AsArray())
        {
            row!.AsObject().Remove("passages");
        }
        await File.WriteAllTextAsync(manifest, old.ToJsonString());

        var refusal = Assert.Throws<LabellingSheetException>(() => LabellingSheets.Import(filled));
        LabellingSheets.Write(LabellingSample.Draw(run.Run, size: sample.Cases, seed: 5, pipelines: sample.Pipelines), Path.Combine(_folder, "sheets"));
        var imported = LabellingSheets.Import(filled);

        Assert.Multiple(() =>
        {
            Assert.That(refusal!.Message, Does.StartWith($"{manifest}: sample {sample.Id} was exported before labels kept their evidence passages"));
            Assert.That(refusal.Message, Does.Contain($"--sample 4 --seed 5 --pipeline extractive"));
            Assert.That(imported.Labels, Is.EqualTo(sample.Rows.Count), "the same seed and size draw the same rows, so the filled sheet fits the new sample");
        });
    }

    private async Task<string> WriteSuiteAsync()
    {
        var suitePath = Path.Combine(_folder, "toyqa-labelled.yaml");
        await File.WriteAllTextAsync(suitePath, Suite);
        return suitePath;
    }

    /// <summary>
    /// The sheet with its verdict column filled as a person would from toyqa's answers: each extractive claim is a sentence of its
    /// evidence, so supported, except the row the person overrules.
    /// </summary>
    private string Fill(string sheet, LabellingSample sample, int? unsupportedRow = null)
    {
        using var reader = CsvReader.FromFile(sheet);
        var lines = new StringBuilder(string.Join(',', LabellingSheets.Columns) + "\n");
        while (reader.Read())
        {
            var row = sample.Rows[int.Parse(reader.GetString("row"), System.Globalization.CultureInfo.InvariantCulture) - 1];
            var verdict = row.Row != unsupportedRow && row.Evidence.Contains(row.Claim, StringComparison.Ordinal) ? LabellingSheets.Supported : LabellingSheets.Unsupported;
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
