using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Suites;
using Harness.Core.Tests.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public class SuiteValidatorTests
{
    private static string Fixture(string name) => Path.Combine(TestRepository.Root, "tests", "Harness.Core.Tests", "Suites", "Fixtures", name);

    private static string[] Problems(string yaml, SuiteValidator? validator = null) =>
        [.. (validator ?? TestRepository.Validator).Validate("suite.yaml", yaml).Problems.Select(p => $"{p.Line}:{p.Column}: {p.Message}")];

    [Test]
    public void FiveDifferentMistakesAreAllReportedWithPositionsAndSuggestions()
    {
        var path = Fixture("five-mistakes.yaml");

        var validation = TestRepository.Validator.Validate(path);
        var lines = validation.Problems.Select(p => p.ToString()).ToArray();

        Assert.That(validation.Suite, Is.Null);
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith($"{path}:4:10: error: dataset 'missing-file'").And.Contains("file 'never-committed.jsonl' is missing"));
            Assert.That(lines[1], Is.EqualTo($"{path}:9:11: error: unknown pipeline kind 'closed-bok' - did you mean 'closed-book'?"));
            Assert.That(lines[2], Is.EqualTo($"{path}:12:37: error: 'top_k' must be a whole number, got 'five'"));
            Assert.That(lines[3], Does.StartWith($"{path}:13:4: error: invalid YAML").And.Contains("indented 3 spaces, line 12 4 spaces"));
            Assert.That(lines[4], Is.EqualTo($"{path}:14:30: error: unknown metric 'recal@5' - did you mean 'recall@5'?"));
        });
    }

    [Test]
    public void UnknownCardsGetTheClosestCardName()
    {
        var problems = Problems("""
            name: cards
            dataset: toyq
            models: { generator: stories260, embedder: storie }
            pipelines:
              - { name: a, kind: fine-tuned, adapter: stories260K-toyfacts-lora-r9 }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("2:10: unknown dataset 'toyq' - did you mean 'toyqa'?"));
            Assert.That(problems, Has.Some.StartsWith("3:22: unknown model 'stories260' for the generator - did you mean 'stories260K'?"));
            Assert.That(problems, Has.Some.StartsWith("3:44: unknown model 'storie' for the embedder"));
            Assert.That(problems, Has.Some.StartsWith("5:43: unknown model 'stories260K-toyfacts-lora-r9' for the adapter - did you mean 'stories260K-toyfacts-lora-r8'?"));
        });
    }

    [Test]
    public void BuiltInSentenceEmbeddersNeedNoModelCard()
    {
        var validation = TestRepository.Validator.Validate("suite.yaml", """
            name: sentence
            dataset: toyqa
            models: { generator: stories260K, embedder: minilm }
            pipelines:
              - { name: dense, kind: rag, retriever: { kind: dense, chunk: { words: 100, overlap: 0 } } }
              - { name: arctic, kind: rag, retriever: { kind: hybrid, embedder: arctic-xs, chunk: { words: 300, overlap: 0 } } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(validation.Problems, Is.Empty);
            Assert.That(validation.Warnings, Is.Empty, "100 words ≈ 133 word pieces ≤ 256; 300 words ≈ 400 ≤ 512");
        });
    }

    [Test]
    public void ChunksLongerThanTheDenseEmbeddersWindowGetAWarningNotAnError()
    {
        // 200 words × 4/3 word pieces a word ≈ 267 > MiniLM's 256; the advice is 256 × 3/4 = 192 words.
        var validation = TestRepository.Validator.Validate("suite.yaml", """
            name: window
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: dense, kind: rag, retriever: { kind: dense, embedder: minilm, chunk: { words: 200, overlap: 40 } } }
              - { name: lexical, kind: rag, retriever: { kind: bm25, chunk: { words: 200, overlap: 40 } } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(validation.IsValid, Is.True);
            Assert.That(validation.Warnings.Select(w => w.ToString()), Is.EqualTo(new[]
            {
                "suite.yaml:5:82: warning: chunks of 200 words run to about 267 word pieces, more than embedder 'minilm' reads (256): the end of a longer chunk is never embedded - use chunk words of at most 192",
            }));
        });
    }

    [Test]
    public void ModelsMustHaveTheRoleTheSuiteGivesThem()
    {
        var problems = Problems("""
            name: roles
            dataset: toyqa
            models: { generator: stories260K-toyfacts-lora-r8 }
            pipelines:
              - { name: a, kind: fine-tuned, adapter: stories260K }
            """);

        Assert.That(problems, Has.Some.StartsWith("3:22: model 'stories260K-toyfacts-lora-r8' is not a generator"));
        Assert.That(problems, Has.Some.StartsWith("5:43: model 'stories260K' is not an adapter"));
    }

    [Test]
    public void AnAdapterOnAnotherBaseModelIsReported()
    {
        var cards = Path.Combine(Path.GetTempPath(), "harness-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(cards);
        try
        {
            File.WriteAllText(Path.Combine(cards, "tiny.yaml"), "name: tiny\nroles: [generator]\nfile: tiny.gguf\n");
            File.WriteAllText(Path.Combine(cards, "other.yaml"), "name: other\nroles: [generator]\nfile: other.gguf\n");
            File.WriteAllText(Path.Combine(cards, "tiny-lora.yaml"), "name: tiny-lora\nroles: [adapter]\nbase: tiny\nfile: tiny-lora.gguf\n");
            var validator = new SuiteValidator(TestRepository.Catalog, new ModelCatalog(cards, cards));

            var problems = Problems("""
                name: base
                dataset: toyqa
                models: { generator: other }
                pipelines:
                  - { name: ok, kind: fine-tuned, model: tiny, adapter: tiny-lora }
                  - { name: wrong, kind: fine-tuned, adapter: tiny-lora }
                """, validator);

            Assert.That(problems, Is.EqualTo(new[]
            {
                "6:47: adapter 'tiny-lora' was trained on 'tiny' but the pipeline's generator is 'other' - an adapter only fits its base model",
            }));
        }
        finally
        {
            Directory.Delete(cards, recursive: true);
        }
    }

    [Test]
    public void AModelGivenAsAGgufPathMustExist()
    {
        var problems = Problems("""
            name: path
            dataset: toyqa
            models: { generator: /no/such/model.gguf }
            pipelines: [{ name: a, kind: closed-book }]
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "3:22: model file '/no/such/model.gguf' does not exist (relative paths start from the working folder) - fix the path or name a model card",
        }));
    }

    [Test]
    public void LabelsMustBeTheDatasetsLabels()
    {
        var problems = Problems("""
            name: labels
            dataset: fixture-pubmedqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            labels:
              Yes: ['^yes']
              maybe: ['^maybe']
            """);

        Assert.That(problems, Is.EqualTo(new[] { "6:3: 'Yes' is not a label of dataset 'fixture-pubmedqa' - did you mean 'yes'?" }));
    }

    [Test]
    public void ALabelMappingOnADatasetWithoutLabelsIsReported()
    {
        var problems = Problems("""
            name: labels
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            labels: { yes: [yes] }
            """);

        Assert.That(problems, Has.Some.StartsWith("5:11: dataset 'toyqa' has no labels"));
    }

    [Test]
    public void AnUnknownSplitGetsTheCardsSplits()
    {
        var problems = Problems("""
            name: split
            dataset: fixture-pubmedqa
            split: tset
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            """);

        Assert.That(problems, Is.EqualTo(new[] { "3:8: dataset 'fixture-pubmedqa' has no split 'tset' - did you mean 'test'?" }));
    }

    [Test]
    public void AHumanLabelSetCannotBeASuitesDataset()
    {
        var problems = Problems("""
            name: human
            dataset: expertqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "2:10: dataset 'expertqa' has no importer (importer: none) - it holds human labels for calibrating scorers, not evaluation cases",
        }));
    }

    [Test]
    public void AValidSuiteTakesItsScopeSplitAndDomainFromTheDatasetCard()
    {
        var validation = TestRepository.Validator.Validate(Path.Combine(TestRepository.Root, "suites", "examples", "toyqa.yaml"));

        Assert.That(validation.Problems, Is.Empty);
        Assert.That(validation.Suite!.Scope, Is.EqualTo(RetrievalScope.Document));
        Assert.That(validation.Suite.Split, Is.EqualTo("test"));
        Assert.That(validation.Suite.Domain, Is.EqualTo("test"));
    }

    [Test]
    public void AFolderIsValidatedFileByFileAndSuiteNamesMustBeUnique()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harness-suites-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            const string Suite = "name: same\ndataset: toyqa\nmodels: { generator: stories260K }\npipelines: [{ name: a, kind: closed-book }]\n";
            File.WriteAllText(Path.Combine(folder, "a.yaml"), Suite);
            File.WriteAllText(Path.Combine(folder, "b.yaml"), Suite);

            var results = TestRepository.Validator.ValidatePath(folder);

            Assert.That(results.Select(r => r.IsValid), Is.EqualTo(new[] { true, false }));
            Assert.That(results[1].Problems.Single().Message, Does.StartWith("suite name 'same' is also used by"));
            Assert.That(() => TestRepository.Validator.Load(folder), Throws.TypeOf<Configuration.ConfigException>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AFolderThatHoldsASuiteSetValidatesTheSetsMembersInsteadOfReadingTheSetAsASuite()
    {
        var folder = Directory.CreateTempSubdirectory("harness-set-folder-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "members"));
            File.WriteAllText(Path.Combine(folder, "members", "m.yaml"), "name: member\ndataset: toyqa\nmodels: { generator: stories260K }\npipelines: [{ name: a, kind: closed-book }]\n");
            File.WriteAllText(Path.Combine(folder, "all.yaml"), "include: [members/*.yaml]\n");
            File.WriteAllText(Path.Combine(folder, "own.yaml"), "name: own\ndataset: toyqa\nmodels: { generator: stories260K }\npipelines: [{ name: a, kind: closed-book }]\n");

            var results = TestRepository.Validator.ValidatePath(folder);

            // all.yaml stands for its one member, own.yaml is itself: two valid suites, no problem.
            Assert.That(results.Select(r => r.Suite?.Name), Is.EqualTo(new[] { "member", "own" }));
            Assert.That(results.SelectMany(r => r.Problems), Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("smoke")]
    [TestCase("smoke.yaml")]
    public void TheSmokeSuiteLoadsAsOneSuitePerDatasetCoveringEveryLocalPipelineKind(string path)
    {
        var validations = TestRepository.Validator.ValidatePath(Path.Combine(TestRepository.Root, "suites", path));
        if (validations.Any(v => v.Problems.Any(p => p.Message.Contains("is missing at", StringComparison.Ordinal))))
        {
            Assert.Ignore("a smoke dataset is not in the cache here");
        }
        var suites = TestRepository.Validator.Load(Path.Combine(TestRepository.Root, "suites", path));

        Assert.Multiple(() =>
        {
            Assert.That(suites.Select(s => s.Dataset), Is.EquivalentTo(new[] { "covidqa", "pubmedqa", "contractnli", "dstc11" }));
            Assert.That(suites.SelectMany(s => s.Pipelines).Select(p => p.Kind).Distinct(), Is.EquivalentTo(Enum.GetValues<PipelineKind>().Except([PipelineKind.Remote])));
            Assert.That(suites.SelectMany(s => s.Pipelines).Select(p => p.Retriever?.Kind).OfType<RetrieverKind>().Distinct(), Is.EquivalentTo(Enum.GetValues<RetrieverKind>()));
            Assert.That(suites, Has.All.Matches<SuiteDefinition>(s => s is { Limit: <= 8 } && s.Tags.Contains("smoke") && s.Pipelines.Where(p => PipelineKinds.Of(p.Kind).Generates).All(p => p.Generation.MaxTokens <= 24)));
        });
    }

    [Test]
    public void ASuiteSetThatIncludesNothingIsAProblemWithItsFix()
    {
        var folder = Directory.CreateTempSubdirectory("harness-set-").FullName;
        try
        {
            var set = Path.Combine(folder, "empty.yaml");
            File.WriteAllText(set, "include: [nothing-here/*.yaml]\n");

            var results = TestRepository.Validator.ValidatePath(set);

            Assert.That(results.SelectMany(r => r.Problems).Select(p => p.Message), Has.Some.Contains("no such suite file or folder"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AMissingPathIsReportedNotThrown()
    {
        var results = TestRepository.Validator.ValidatePath("no/such/suite.yaml");

        Assert.That(results.Single().Problems.Single().Message, Does.StartWith("no such suite file or folder"));
    }
}
