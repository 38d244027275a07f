using Harness.Llama.Training;

namespace Harness.Llama.Tests.Training;

public class TrainingWindowsTests
{
    // Texts of 3, 2 and 4 tokens, numbered so a window shows where it came from.
    private static readonly int[][] Texts = [[10, 11, 12], [20, 21], [30, 31, 32, 33]];

    private static int[] Window(TrainingWindows windows, int index)
    {
        var inputs = new int[windows.Context];
        var labels = new int[windows.Context];
        windows.CopyWindow(index, inputs, labels);
        return [.. inputs, labels[^1]];
    }

    private static int[][] All(TrainingWindows windows) =>
        [.. windows.Validation.Concat(windows.NextEpochOrder()).Order().Select(i => Window(windows, i))];

    [Test]
    public void EachWindowStartsWithBosAndAtAText()
    {
        // Context 4 after BOS 1: a window is 5 tokens (4 inputs and one more label) and a piece of text at most 3.
        // The 4-token text is cut into 30 31 32 and 33. Window 1: BOS 10 11 12 20 (cuts the second text), so
        // window 2 starts at it: BOS 20 21 30 31 (cuts the third), window 3: BOS 30 31 32 33, and nothing is left.
        var windows = TrainingWindows.Create(Texts, context: 4, validationShare: 0.34, seed: 1, bos: 1);

        Assert.That(All(windows), Is.EqualTo(new[]
        {
            new[] { 1, 10, 11, 12, 20 },
            new[] { 1, 20, 21, 30, 31 },
            new[] { 1, 30, 31, 32, 33 },
        }));
        Assert.That((windows.TrainCount, windows.ValidationCount), Is.EqualTo((2, 1)), "a 0.34 share of 3 windows rounds to 1 held out");
    }

    [Test]
    public void LabelsAreTheNextTokens()
    {
        var windows = TrainingWindows.Create(Texts, context: 4, validationShare: 0.34, seed: 1, bos: 1);
        var inputs = new int[4];
        var labels = new int[4];

        windows.CopyWindow(windows.Validation.Concat(windows.NextEpochOrder()).Min(), inputs, labels);

        Assert.That(inputs, Is.EqualTo(new[] { 1, 10, 11, 12 }));
        Assert.That(labels, Is.EqualTo(new[] { 10, 11, 12, 20 }));
    }

    [Test]
    public void ATextLongerThanAWindowIsCutIntoPieces()
    {
        // Without BOS a window holds 3 tokens + 1 label; the 7-token text is cut into pieces of 3 (0-2, 3-5, 6),
        // windows start at pieces: 0 1 2 3, then 3 4 5 6; the last piece alone (6) cannot fill a window.
        var windows = TrainingWindows.Create([[0, 1, 2, 3, 4, 5, 6]], context: 3, validationShare: 0.5, seed: 1);

        Assert.That(All(windows), Is.EqualTo(new[] { new[] { 0, 1, 2, 3 }, new[] { 3, 4, 5, 6 } }));
    }

    [Test]
    public void DataThatCannotFillTwoWindowsIsRefusedWithTheFix()
    {
        // 9 tokens in all, context 8 after BOS: one window of BOS + 8, no second one.
        var error = Assert.Throws<TrainingDataException>(() => TrainingWindows.Create(Texts, context: 8, validationShare: 0.1, seed: 1, bos: 1));

        Assert.That(error!.Message, Does.StartWith("the training data has 9 tokens, which fill 1 window(s) of 8 tokens").And.Contains("lower 'context'"));
    }

    [Test]
    public void TheSeedChoosesTheHeldOutWindowsAndEachEpochReshufflesTheRest()
    {
        // 100 texts of 10 tokens, context 10 without BOS: each window is one text plus the next one's first token, 99 windows, 10 held out.
        int[][] texts = [.. Enumerable.Range(0, 100).Select(t => Enumerable.Range(t * 10, 10).ToArray())];
        var first = TrainingWindows.Create(texts, context: 10, validationShare: 0.1, seed: 5);
        var again = TrainingWindows.Create(texts, context: 10, validationShare: 0.1, seed: 5);
        var other = TrainingWindows.Create(texts, context: 10, validationShare: 0.1, seed: 6);

        var epoch1 = first.NextEpochOrder();
        var epoch2 = first.NextEpochOrder();

        Assert.Multiple(() =>
        {
            Assert.That(first.TrainCount + first.ValidationCount, Is.EqualTo(99));
            Assert.That(first.Validation, Has.Count.EqualTo(10));
            Assert.That(again.Validation, Is.EqualTo(first.Validation));
            Assert.That(again.NextEpochOrder(), Is.EqualTo(epoch1), "the same seed trains in the same order");
            Assert.That(other.Validation, Is.Not.EqualTo(first.Validation));
            Assert.That(epoch2, Is.Not.EqualTo(epoch1));
            Assert.That(epoch2.Order(), Is.EqualTo(epoch1.Order()), "every epoch trains on the same windows");
            Assert.That(epoch1.Intersect(first.Validation), Is.Empty, "held-out windows are never trained on");
        });
    }
}
