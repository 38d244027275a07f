using Harness.Core.Models;
using Harness.Core.Suites;
using Harness.Core.Tests.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public class TrainingValidationTests
{
    private static SuiteValidation Validate(string yaml, SuiteValidator? validator = null) =>
        (validator ?? TestRepository.Validator).Validate("suite.yaml", yaml);

    private static string[] Problems(string yaml, SuiteValidator? validator = null) =>
        [.. Validate(yaml, validator).Problems.Select(p => p.ToString())];

    [Test]
    public void ATrainBlockIsReadWithEverySetting()
    {
        var validation = Validate("""
            name: trained
            dataset: fixture-pubmedqa
            split: test
            models: { generator: stories260K }
            pipelines:
              - name: fine-tuned
                kind: fine-tuned
                train:
                  data: split
                  split: dev
                  epochs: 2
                  learning_rate: 1.0e-4
                  context: 256
                  seed: 1
                  limit: 40
                  validation: 0.2
                  patience: 3
            """);

        Assert.That(validation.Problems, Is.Empty);
        Assert.That(validation.Suite!.Pipelines[0].Training, Is.EqualTo(new TrainingDefinition
        {
            Data = TrainingData.Split,
            Split = "dev",
            Epochs = 2,
            LearningRate = 1e-4,
            Context = 256,
            Seed = 1,
            Limit = 40,
            Validation = 0.2,
            Patience = 3,
        }));
        Assert.That(validation.Suite.Pipelines[0].Model, Is.EqualTo("stories260K"), "the suite's generator is the base that is trained");
    }

    [Test]
    public void TheTrainingSeedDefaultsToTheSuiteSeed()
    {
        var validation = Validate("""
            name: trained
            dataset: toyqa
            seed: 7
            models: { generator: stories260K }
            pipelines:
              - { name: fine-tuned, kind: fine-tuned, train: { data: corpus } }
            """);

        Assert.That(validation.Problems, Is.Empty);
        Assert.That(validation.Suite!.Pipelines[0].Training, Is.EqualTo(new TrainingDefinition { Data = TrainingData.Corpus, Seed = 7 }));
    }

    [Test]
    public void ZeroEpochsAreReportedWithFileAndLine()
    {
        var problems = Problems("""
            name: trained
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - name: fine-tuned
                kind: fine-tuned
                train: { data: corpus, epochs: 0, learning_rate: 0, context: 0 }
            """);

        // Line 7; each problem points at its value: "    train: { data: corpus, epochs: " is 35 characters (value at 36),
        // "0, learning_rate: " 18 more (53, value at 54), "0, context: " 12 more (65, value at 66).
        Assert.That(problems, Is.EqualTo(new[]
        {
            "suite.yaml:7:36: error: 'epochs' must be at least 1, got 0",
            "suite.yaml:7:54: error: 'learning_rate' must be above 0, got 0 - e.g. 1.0e-4",
            "suite.yaml:7:66: error: 'context' must be at least 8, got 0",
        }));
    }

    [Test]
    public void TrainingOnTheEvaluatedSplitIsRefused()
    {
        var problems = Problems("""
            name: trained
            dataset: fixture-pubmedqa
            split: test
            models: { generator: stories260K }
            pipelines:
              - { name: fine-tuned, kind: fine-tuned, train: { data: split, split: test } }
            """);

        // "  - { name: fine-tuned, kind: fine-tuned, train: { data: split, split: " is 71 characters: the value is at 72.
        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("suite.yaml:6:72: error: the pipeline would train on split 'test', which the suite evaluates").And.EndWith("(e.g. 'dev')"));
    }

    [Test]
    public void TheEvaluatedSplitIsTheCardDefaultWhenTheSuiteNamesNone()
    {
        var problems = Problems("""
            name: trained
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: fine-tuned, kind: fine-tuned, train: { data: split, split: test } }
            """);

        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.Contain("train on split 'test', which the suite evaluates").And.EndWith("(this dataset has only one split: use 'data: corpus')"));
    }

    [Test]
    public void AQuantizedBaseIsRefusedNamingTheModelAndWhy()
    {
        var cards = Path.Combine(Path.GetTempPath(), "harness-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(cards);
        try
        {
            File.WriteAllText(Path.Combine(cards, "tiny-q4.yaml"), "name: tiny-q4\nroles: [generator]\ntype: Q4_K_M\nfile: tiny-q4.gguf\n");
            File.WriteAllText(Path.Combine(cards, "tiny.yaml"), "name: tiny\nroles: [generator]\ntype: f32\nfile: tiny.gguf\n");
            var validator = new SuiteValidator(TestRepository.Catalog, new ModelCatalog(cards, cards));

            var problems = Problems("""
                name: trained
                dataset: toyqa
                models: { generator: tiny-q4 }
                pipelines:
                  - name: quantized
                    kind: fine-tuned
                    train: { data: corpus }
                  - name: f32
                    kind: fine-tuned
                    model: tiny
                    train: { data: corpus }
                """, validator);

            // Only the Q4_K_M base is refused (at its 'train' key, line 7 column 5); the card typed 'f32' passes in any case.
            Assert.That(problems, Is.EqualTo(new[]
            {
                "suite.yaml:7:5: error: the base of pipeline 'quantized' is 'tiny-q4', whose card says its weights are Q4_K_M - llama.cpp fine-tunes only F32 weights"
                + " (a quantized model has no gradients); train an F32 model of it (convert with --outtype f32) or use 'adapter:'",
            }));
        }
        finally
        {
            Directory.Delete(cards, recursive: true);
        }
    }

    [Test]
    public void TrainIsOnlyForFineTunedAndHybridPipelinesAndNeverWithAnAdapter()
    {
        var problems = Problems("""
            name: trained
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: base, kind: closed-book, train: { data: corpus } }
              - { name: both, kind: fine-tuned, adapter: stories260K-toyfacts-lora-r8, train: { data: corpus } }
            """);

        // "  - { name: base, kind: closed-book, " is 37 characters (the 'train' key at 38);
        // "  - { name: both, kind: fine-tuned, " is 36 (the 'adapter' key at 37).
        Assert.That(problems, Is.EqualTo(new[]
        {
            "suite.yaml:5:38: error: a closed-book pipeline uses its model as it is - 'train:' applies to kinds fine-tuned and hybrid",
            "suite.yaml:6:37: error: 'train:' fine-tunes all of the model's weights - remove the adapter, or drop 'train:' to use the adapter",
        }));
    }

    [Test]
    public void SplitDataNeedsASplitAndCorpusDataTakesNone()
    {
        var problems = Problems("""
            name: trained
            dataset: fixture-pubmedqa
            models: { generator: stories260K }
            pipelines:
              - { name: a, kind: fine-tuned, train: { data: split } }
              - { name: b, kind: fine-tuned, train: { data: corpus, split: dev } }
              - { name: c, kind: fine-tuned, train: { data: corpra } }
            """);

        // "  - { name: a, kind: fine-tuned, train: " is 40 characters, so each train mapping opens at 41;
        // "{ data: corpus, " puts the 'split' key at 57; "{ data: " puts the value 'corpra' at 49.
        Assert.That(problems, Is.EqualTo(new[]
        {
            "suite.yaml:5:41: error: 'data: split' needs 'split: <a split of the dataset that is not evaluated>', e.g. 'split: dev'",
            "suite.yaml:6:57: error: 'split' only applies to 'data: split' - remove it, or train on the split's question/answer pairs with 'data: split'",
            "suite.yaml:7:49: error: unknown training data 'corpra' - did you mean 'corpus'? - use corpus or split",
        }));
    }
}
