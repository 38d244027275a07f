using System.CommandLine;
using System.Globalization;
using Harness.Llama;
using Harness.Llama.Generation;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness bench generate --model stories260K`: prompt and generation speed through the harness's own
/// generation path, measured as llama-bench does (pp: a prompt of N tokens in one go; tg: tokens
/// generated one at a time from an empty context), plus the aggregate generation speed of N parallel
/// sequences in one context. llama.cpp's own counters for
/// the same decodes are shown beside the harness figures, so the binding's overhead is visible.
/// </summary>
internal static class BenchGenerateCommand
{
    public static Command Create()
    {
        var arguments = new ModelArguments();
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length in tokens (pp).", DefaultValueFactory = _ => 128 };
        var genTokens = new Option<int>("--gen-tokens") { Description = "Tokens decoded one at a time after the first (tg).", DefaultValueFactory = _ => 128 };
        var parallel = new Option<string>("--parallel") { Description = "Comma-separated sequence counts decoded side by side in one context.", DefaultValueFactory = _ => "1" };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured runs per setting (after one warm-up run).", DefaultValueFactory = _ => 5 };
        var command = new Command("generate", "Benchmark prompt and generation tokens/s (compare with llama.cpp's llama-bench).")
        {
            promptTokens, genTokens, parallel, repetitions,
        };
        arguments.AddTo(command);
        command.SetAction(parseResult => arguments.Run(parseResult, "bench generate", output =>
        {
            var counts = ParseCounts(parseResult.GetValue(parallel)!);
            var prompt = parseResult.GetValue(promptTokens);
            var gen = parseResult.GetValue(genTokens);
            var runs = parseResult.GetValue(repetitions);
            ArgumentOutOfRangeException.ThrowIfLessThan(prompt, 1, "--prompt-tokens");
            ArgumentOutOfRangeException.ThrowIfLessThan(gen, 1, "--gen-tokens");
            ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1, "--repetitions");
            var (resolved, model) = arguments.Load(parseResult);
            using (model)
            {
                var adapters = arguments.LoadAdapters(parseResult, resolved, model);
                var threads = ThreadCount.Get(parseResult, arguments.Threads);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{resolved.Name} ({model.Info.Description}, {model.Info.ParameterCount:N0} parameters), threads {(threads > 0 ? threads : Environment.ProcessorCount)}, pp {prompt}, tg {gen}, {runs} runs after 1 warm-up{(adapters.Count > 0 ? ", with LoRA" : "")}"));
                output.WriteLine();
                output.WriteLine("parallel | pp tokens/s (harness) | tg tokens/s (harness) | tg tokens/s (llama.cpp counters, same decodes) | harness/counters");
                output.WriteLine("-------: | --------------------: | --------------------: | ---------------------------------------------: | ---------------:");
                var promptTokenIds = PromptTokens(model, prompt);
                foreach (var count in counts)
                {
                    using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions
                    {
                        ContextSize = prompt + gen, // as llama-bench sizes its context
                        BatchSize = Math.Max(512, count),
                        MaxParallelSequences = count,
                        Threads = threads,
                    });
                    // As llama-bench: pp decodes the prompt (its first token is then sampled); tg decodes
                    // gen tokens one at a time from an empty context (after BOS). Output is never cut short.
                    var ppRequests = Requests(count, promptTokenIds, 1, adapters);
                    var tgRequests = Requests(count, [model.BosToken], gen + 1, adapters);
                    generator.GenerateBatch(ppRequests);
                    generator.GenerateBatch(tgRequests);
                    var pp = new List<double>();
                    var tg = new List<double>();
                    var native = new List<double>();
                    for (var run = 0; run < runs; run++)
                    {
                        var ppResults = generator.GenerateBatch(ppRequests);
                        pp.Add(count * prompt / ppResults[0].Timings.PromptEvaluation.TotalSeconds);

                        generator.ResetCounters();
                        var results = generator.GenerateBatch(tgRequests);
                        var counters = generator.GetCounters();
                        // All sequences start generating after the same decode; the batch ends with the last one.
                        var first = results.Min(r => r.Timings.TimeToFirstToken);
                        var last = results.Max(r => r.Timings.TimeToFirstToken + r.Timings.Generation);
                        tg.Add(results.Sum(r => r.Timings.DecodedTokens) / (last - first).TotalSeconds);
                        // llama.cpp counts batches of one token as "eval" and larger ones (parallel steps) as
                        // "prompt eval"; both together are every decode of this run (BOS included).
                        var decodes = counters.EvaluatedTokens + counters.PromptTokens;
                        var decodeTime = counters.Evaluation + counters.PromptEvaluation;
                        native.Add(decodes / decodeTime.TotalSeconds);
                    }
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{count,8} | {MeanSd(pp),21} | {MeanSd(tg),21} | {MeanSd(native),46} | {tg.Average() / native.Average(),15:P1}"));
                }
                foreach (var adapter in adapters)
                {
                    adapter.Adapter.Dispose();
                }
            }
        }));
        return command;
    }

    private static GenerationRequest[] Requests(int count, int[] prompt, int maxTokens, IReadOnlyList<LoraSetting> adapters) =>
        [.. Enumerable.Range(0, count).Select(_ => new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = maxTokens,
            StopAtEndOfGeneration = false,
            Adapters = adapters,
        })];

    /// <summary>A prompt of exactly <paramref name="length"/> tokens: BOS, then story text repeated.</summary>
    private static int[] PromptTokens(LlamaModel model, int length)
    {
        var text = model.Tokenize("Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends. ", addSpecial: false);
        return [.. new[] { model.BosToken }.Concat(Enumerable.Repeat(text, length / text.Length + 1).SelectMany(t => t)).Take(length)];
    }

    private static IReadOnlyList<int> ParseCounts(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                throw new ArgumentException($"--parallel '{text}': '{part}' is not a positive whole number - write e.g. --parallel 1,4,8");
            }
            counts.Add(count);
        }
        return counts.Count > 0 ? counts : throw new ArgumentException("--parallel needs at least one sequence count, e.g. --parallel 1,4,8");
    }

    private static string MeanSd(List<double> values)
    {
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F1} ± {sd:F1}");
    }
}
