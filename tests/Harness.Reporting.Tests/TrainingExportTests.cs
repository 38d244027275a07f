using System.Text.Json;
using Harness.Core.Results;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Tests;

/// <summary>What a run's fine-tuning cost reaches run.json, summary.csv and summary.md.</summary>
public sealed class TrainingExportTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static readonly TrainingRecord Trained = new()
    {
        Pipeline = "fine-tuned", BaseModel = "stories260K", BaseSha256 = "ab12", Key = "k", Data = "corpus", DataSha256 = "d",
        DataItems = 1, Epochs = 2, LearningRate = 1e-3, Context = 256, Batch = 64, Seed = 1, Threads = 1,
        DataTokens = 11_010, TrainedTokens = 19_456, WallSeconds = 8, TokensPerSecond = 2_432, PeakRssBytes = 150 * 1024 * 1024,
        BaseValidationLoss = 2.5, FinalTrainLoss = 0.75, FinalValidationLoss = 0.8,
        Curve = [new EpochLoss(1, 1.25, 1.1, 4), new EpochLoss(2, 0.75, 0.8, 4)],
    };

    private static RunResult Run() => FakeRun.Create() with
    {
        Training = [Trained, Trained with { Pipeline = "hybrid", Error = "training diverged at epoch 1", FinalTrainLoss = null, FinalValidationLoss = null }],
    };

    [Test]
    public async Task RunJsonCarriesTheCostAndTheLossCurve()
    {
        await new RunJsonExporter().ExportAsync(Run(), _directory, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "run.json")));
        var training = json.RootElement.GetProperty("training");
        Assert.Multiple(() =>
        {
            Assert.That(training.GetArrayLength(), Is.EqualTo(2));
            Assert.That(training[0].GetProperty("tokensPerSecond").GetDouble(), Is.EqualTo(2_432));
            Assert.That(training[0].GetProperty("curve")[1].GetProperty("validationLoss").GetDouble(), Is.EqualTo(0.8));
            Assert.That(training[1].GetProperty("error").GetString(), Is.EqualTo("training diverged at epoch 1"));
        });
    }

    [Test]
    public async Task SummaryCsvHasOneRowPerTrainingFigure()
    {
        await new SummaryCsvExporter().ExportAsync(Run(), _directory, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(Path.Combine(_directory, "summary.csv"));
        Assert.Multiple(() =>
        {
            // pipeline, metric, mean, ci_low, ci_high, interval, n, small_n, n_inconclusive, n_error, p50, p95, p99
            Assert.That(lines, Does.Contain("fine-tuned,training_tokens_per_s,2432,,,,1,0,0,0,,,"));
            Assert.That(lines, Does.Contain("fine-tuned,training_peak_rss_mib,150,,,,1,0,0,0,,,"), "150 MiB = 157,286,400 bytes / 1,048,576");
            Assert.That(lines, Does.Contain("fine-tuned,training_final_validation_loss,0.8,,,,1,0,0,0,,,"));
            Assert.That(lines, Does.Contain("hybrid,training_tokens_per_s,,,,,0,0,0,1,,,"), "a failed training has no cost figures and counts one error");
            Assert.That(lines.Where(l => l.Contains(",training_wall_s,", StringComparison.Ordinal)), Is.Empty, "seconds and tokens are the cost family's training_s and training_tokens");
        });
    }

    [Test]
    public void SummaryMarkdownHasATrainingTable()
    {
        var markdown = MarkdownSummaryExporter.Render(Run());

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("## Training"));
            Assert.That(markdown, Does.Contain("| fine-tuned | corpus | 2 | 2432 | 150 | 2.500 | 0.750 | 0.800 |  |"));
            Assert.That(markdown, Does.Contain("| hybrid | corpus | 2 | – | – | 2.500 | – | – | training diverged at epoch 1 |"));
            Assert.That(MarkdownSummaryExporter.Render(FakeRun.Create()), Does.Not.Contain("## Training"), "no table when nothing was trained");
        });
    }
}
