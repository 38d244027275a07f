using Harness.Core.Caching;
using Harness.Llama.AI;
using Harness.Pipelines.Generation;
using Microsoft.Extensions.AI;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Generation;

/// <summary>The generation cache as a decorator around any chat client.</summary>
public sealed class CachingChatClientTests
{
    private static readonly GeneratorIdentity Identity = new("model-sha", [("adapter-sha", 0.5f)], "build-1");
    private static readonly GenerationSettings Settings = new(MaxTokens: 8, Temperature: 0, Seed: 7);

    private string _directory = "";
    private GenerationCache _cache = null!;
    private ScriptedChatClient _model = null!;

    [SetUp]
    public void OpenAnEmptyCache()
    {
        _directory = Directory.CreateTempSubdirectory("harness-chat-cache-").FullName;
        _cache = new GenerationCache(Path.Combine(_directory, "generations.db"), CacheMode.Replay);
        _model = new ScriptedChatClient(prompt => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer to " + prompt))
        {
            Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = 3 },
            AdditionalProperties = new() { [ChatTimings.GenerationMs] = 12.5 },
        }));
    }

    [TearDown]
    public void DeleteTheCache()
    {
        _model.Dispose();
        _cache.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheSameRequestTwiceIsGeneratedOnceAndReplayedWithTheTimingsRecordedWhenItWasGenerated()
    {
        using var client = new CachingChatClient(_model, _cache, Identity, runId: "smoke-20260101-000000-000");

        var first = await client.GetResponseAsync("q", Settings.ToChatOptions());
        var second = await client.GetResponseAsync("q", Settings.ToChatOptions());

        Assert.Multiple(() =>
        {
            Assert.That(_model.Calls, Is.EqualTo(1));
            Assert.That(ChatTimings.IsFromCache(first), Is.False);
            Assert.That(ChatTimings.RecordedBy(first), Is.Null, "a generated answer is measured, not recorded");
            Assert.That(ChatTimings.Generation(first), Is.EqualTo(TimeSpan.FromMilliseconds(12.5)));
            Assert.That(second.Text, Is.EqualTo("answer to q"));
            Assert.That(ChatTimings.IsFromCache(second), Is.True);
            Assert.That(ChatTimings.Generation(second), Is.EqualTo(TimeSpan.FromMilliseconds(12.5)), "the model's 12.5 ms, not the replay's");
            Assert.That(ChatTimings.PromptEvaluation(second), Is.Null, "the model reported no prompt evaluation, so none is recorded");
            Assert.That(ChatTimings.RecordedBy(second)?.RunId, Is.EqualTo("smoke-20260101-000000-000"));
            Assert.That((second.Usage!.InputTokenCount, second.Usage.OutputTokenCount), Is.EqualTo((5L, 3L)));
        });
    }

    [Test]
    public async Task AnEntryStoredBeforeTheCacheKeptTimingsReplaysWithNone()
    {
        var key = new GenerationKey(Identity.ModelSha256, Identity.Adapters, "q", Settings.Describe(), Settings.Seed, Settings.MaxTokens, Identity.NativeBuild).Hash();
        _cache.Put(key, new CachedGeneration("old answer", 4, 2));
        using var client = new CachingChatClient(_model, _cache, Identity, runId: "smoke-20260101-000000-000");

        var response = await client.GetResponseAsync("q", Settings.ToChatOptions());

        Assert.Multiple(() =>
        {
            Assert.That((response.Text, ChatTimings.IsFromCache(response)), Is.EqualTo(("old answer", true)));
            Assert.That(ChatTimings.RecordedBy(response), Is.Null);
            Assert.That(ChatTimings.Generation(response), Is.Null, "no latency rather than the replay's own");
        });
    }

    [Test]
    public async Task AnotherPromptOrSamplingSettingIsGeneratedAgain()
    {
        using var client = new CachingChatClient(_model, _cache, Identity);

        await client.GetResponseAsync("q", Settings.ToChatOptions());
        await client.GetResponseAsync("other q", Settings.ToChatOptions());
        await client.GetResponseAsync("q", (Settings with { Temperature = 0.7f }).ToChatOptions());
        await client.GetResponseAsync("q", (Settings with { StopStrings = ["\n"] }).ToChatOptions());

        Assert.That(_model.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task ASystemTextAndAQuestionNeverShareAKeyWithOnePromptThatReadsTheSame()
    {
        using var client = new CachingChatClient(_model, _cache, Identity);
        ChatMessage[] withSystem = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "q")];

        // Joined by a newline, as a plain-text client would, the two messages read "Be brief.\nq": one user
        // message with that text is another request and must be generated, not replayed.
        await client.GetResponseAsync(withSystem, Settings.ToChatOptions());
        await client.GetResponseAsync("Be brief.\nq", Settings.ToChatOptions());
        await client.GetResponseAsync(withSystem, Settings.ToChatOptions());

        Assert.That(_model.Calls, Is.EqualTo(2), "the system + question pair once, the single prompt once; the pair's repeat replays");
    }

    [Test]
    public async Task GenerationsCachedUnderTheSettingsKeyAreReplayed()
    {
        // The key of a generation stored before requests went through ChatOptions: it must still replay.
        var key = new GenerationKey(Identity.ModelSha256, Identity.Adapters, "q", Settings.Describe(), Settings.Seed, Settings.MaxTokens, Identity.NativeBuild).Hash();
        _cache.Put(key, new CachedGeneration("stored answer", 4, 2));
        using var client = new CachingChatClient(_model, _cache, Identity);

        var response = await client.GetResponseAsync("q", Settings.ToChatOptions());

        Assert.Multiple(() =>
        {
            Assert.That(response.Text, Is.EqualTo("stored answer"));
            Assert.That(_model.Calls, Is.Zero);
        });
    }

    [Test]
    public void SettingsSurviveTheTripThroughChatOptions()
    {
        var settings = new GenerationSettings(MaxTokens: 32, Temperature: 0.8f, Seed: -3) { TopP = 0.9f, TopK = 40, StopStrings = ["\n\n", "Question:"] };

        var back = GenerationSettings.From(settings.ToChatOptions());

        Assert.Multiple(() =>
        {
            Assert.That((back.MaxTokens, back.Temperature, back.Seed, back.TopP, back.TopK), Is.EqualTo((32, 0.8f, -3, 0.9f, 40)));
            Assert.That(back.StopStrings, Is.EqualTo(new[] { "\n\n", "Question:" }));
            Assert.That(back.Describe(), Is.EqualTo(settings.Describe()));
        });
    }
}
