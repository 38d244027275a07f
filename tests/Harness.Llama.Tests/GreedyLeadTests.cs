namespace Harness.Llama.Tests;

/// <summary>
/// The exact greedy texts other tests expect (GenerationTests, ChatClientTests, DisposalTests, GpuTests) hold on
/// every CPU only if no step is a near-tie: a lead of a few thousandths could flip with another set of kernels.
/// Each expected text is checked here step by step against a minimum lead 25× the largest change of a lead
/// measured between LLamaSharp's noavx, avx, avx2 and avx512 natives (docs/cpu-variants.md).
/// </summary>
[TestFixture]
[Category(TestModels.Category)]
public class GreedyLeadTests
{
    /// <summary>
    /// The smallest lead an expected step may have: 25 × 0.004, the largest spread of any of these steps' leads over
    /// LLamaSharp's noavx, avx, avx2 and avx512 natives (docs/cpu-variants.md, "What moves between CPUs").
    /// </summary>
    private const float MinimumLead = 0.1f;

    private LlamaModel _model = null!;
    private LlamaLoraAdapter _adapter = null!;

    [OneTimeSetUp]
    public void LoadModel()
    {
        _model = LlamaModel.Load(TestModels.RequireBase());
        _adapter = _model.LoadAdapter(TestModels.RequireAdapter());
    }

    [OneTimeTearDown]
    public void DisposeModel()
    {
        _adapter?.Dispose();
        _model?.Dispose();
    }

    [TestCase("Once upon a time", ", there was a little girl named Lily. She loved to play outside in the park", false)]
    [TestCase("Tom has a", " big box. He likes to play with his toys", false)]
    // The adapter's " fly" is a near-tie at its second token (a lead of 0.011): tests expect the text up to "can" only.
    [TestCase("Tom has a", " red kite. The kite can", true)]
    public void EveryStepOfAnExpectedGreedyTextLeadsItsRunnerUpClearly(string prompt, string expected, bool withAdapter)
    {
        var leads = TokenScores.GreedyLeads(_model, prompt, steps: 40, withAdapter ? [new LoraSetting(_adapter)] : null);

        // The steps that produce the expected text: pieces are taken until their text covers it.
        var covering = new List<(string Piece, float Lead)>();
        foreach (var step in leads)
        {
            if (string.Concat(covering.Select(s => s.Piece)).Length >= expected.Length)
            {
                break;
            }
            covering.Add(step);
        }
        TestContext.Out.WriteLine(string.Join(" | ", covering.Select(s => $"'{s.Piece}' +{s.Lead:0.0000}")));
        TestContext.Out.WriteLine($"narrowest: {covering.Min(s => s.Lead):0.0000}");
        Assert.Multiple(() =>
        {
            Assert.That(string.Concat(covering.Select(s => s.Piece)), Does.StartWith(expected));
            Assert.That(covering.Min(s => s.Lead), Is.GreaterThanOrEqualTo(MinimumLead), "the narrowest step of the expected text");
        });
    }
}
