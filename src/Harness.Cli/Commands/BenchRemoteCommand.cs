using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Harness.Llama.AI;
using Harness.Llama.Generation;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Remote;
using Microsoft.Extensions.AI;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness bench remote --model stories260K`: requests/s and generated tokens/s of the remote pipeline's
/// generator against llama.cpp's llama-server (native/llama-cpp/build.sh) started on 127.0.0.1, at each
/// concurrency, next to the in-process generator decoding the same prompts as as many parallel sequences,
/// in one sitting. The server gets as many slots as the highest concurrency and the same threads.
/// </summary>
internal static class BenchRemoteCommand
{
    public static Command Create()
    {
        var arguments = new ModelArguments();
        var requests = new Option<int>("--requests") { Description = "Prompts answered per setting.", DefaultValueFactory = _ => 32 }.AtLeast(1, "one prompt");
        var concurrency = new Option<string>("--concurrency") { Description = "Comma-separated requests in flight (and parallel sequences in process).", DefaultValueFactory = _ => "1,4,8" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Tokens generated per answer (greedy).", DefaultValueFactory = _ => 32 }.AtLeast(1, "one token");
        var command = new Command("remote", "Benchmark the remote pipeline against llama.cpp's llama-server at several concurrencies, beside the in-process generator.")
        {
            requests, concurrency, maxTokens,
        };
        arguments.AddTo(command, withAdapters: false);
        command.SetAction(parseResult => arguments.Run(parseResult, "bench remote", output =>
        {
            var counts = parseResult.GetValue(concurrency)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : throw new ArgumentException($"--concurrency: '{c}' is not a count of 1 or more, e.g. --concurrency 1,4,8"))
                .ToArray();
            var settings = new GenerationSettings(parseResult.GetValue(maxTokens), 0, 1);
            var prompts = Enumerable.Range(1, parseResult.GetValue(requests))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"Question: what did the little dog number {i} find in the garden?\nAnswer:")).ToArray();
            var threads = ThreadCount.Get(parseResult, arguments.Threads);
            var effectiveThreads = threads > 0 ? threads : Environment.ProcessorCount;
            var (resolved, model) = arguments.Load(parseResult);
            using (model)
            {
                const int ContextPerSequence = 256;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{resolved.Name}: {prompts.Length} prompts, {settings.MaxTokens} tokens each (greedy), {effectiveThreads} thread(s); llama-server with {counts.Max()} slots on 127.0.0.1"));
                output.WriteLine();
                output.WriteLine("concurrency | remote requests/s | remote tokens/s | in-process requests/s | in-process tokens/s");
                output.WriteLine("----------: | ----------------: | --------------: | --------------------: | ------------------:");
                var server = LlamaServer.StartAsync(resolved.Path, counts.Max(), ContextPerSequence, effectiveThreads, apiKey: null, CancellationToken.None).GetAwaiter().GetResult();
                try
                {
                    foreach (var count in counts)
                    {
                        using var remote = RemoteChatClients.ForGeneration(new OpenAICompatibleChatClient(server.BaseUrl, resolved.Name, "none"), count);
                        var (remoteRequests, remoteTokens) = Measure(remote, prompts, count, settings);
                        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions
                        {
                            ContextSize = ContextPerSequence,
                            MaxParallelSequences = count,
                            Threads = effectiveThreads,
                        });
                        using var local = new LlamaChatClient(generator, new LlamaChatClientOptions { ChatTemplate = LlamaChatClientOptions.PlainText });
                        var (localRequests, localTokens) = Measure(local, prompts, count, settings);
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{count,11} | {remoteRequests,17:F1} | {remoteTokens,15:F0} | {localRequests,21:F1} | {localTokens,19:F0}"));
                    }
                }
                finally
                {
                    server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }));
        return command;
    }

    /// <summary>Requests/s and generated tokens/s over all prompts, handed over <paramref name="batch"/> at a time (one warm-up batch first).</summary>
    private static (double Requests, double Tokens) Measure(IChatClient generator, string[] prompts, int batch, GenerationSettings settings)
    {
        var options = settings.ToChatOptions();
        generator.GetResponsesAsync(prompts[..Math.Min(batch, prompts.Length)], system: null, options, CancellationToken.None).GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        long tokens = 0;
        foreach (var chunk in prompts.Chunk(batch))
        {
            var answers = generator.GetResponsesAsync(chunk, system: null, options, CancellationToken.None).GetAwaiter().GetResult();
            if (answers.FirstOrDefault(a => a.Error is not null) is { } failed)
            {
                throw new InvalidOperationException($"a request failed: {failed.Error}");
            }
            // Both clients report the generated tokens as usage (llama-server counts them itself).
            tokens += answers.Sum(a => a.Response!.Usage?.OutputTokenCount ?? 0);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return (prompts.Length / seconds, tokens / seconds);
    }
}
