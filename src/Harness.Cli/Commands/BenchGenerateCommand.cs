using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Harness.Core.Models;
using Harness.Llama;
using Harness.Llama.Benchmarks;
using Harness.Llama.Generation;
using Harness.Llama.Native;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness bench generate --model stories260K`: prompt and generation speed through the harness's own
/// generation path, measured as llama-bench does (pp: a prompt of N tokens in one go; tg: tokens
/// generated one at a time from an empty context), plus the aggregate generation speed of N parallel
/// sequences in one context. llama.cpp's own counters for the same decodes are shown beside the harness
/// figures, and llama.cpp's llama-batched-bench decoding as many sequences (when built); then one sequence is
/// measured against references: a raw LLamaSharp decode loop in the same
/// process and llama.cpp's llama-bench when native/llama-cpp/build.sh has built it, all three interleaved run by
/// run (a busy spell of a shared machine slows all three), so the cost of the harness's layer and of the natives are
/// told apart. Last, the model's load time against LLamaSharp's bare load.
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
                var effectiveThreads = threads > 0 ? threads : Environment.ProcessorCount;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{resolved.Name} ({model.Info.Description}, {model.Info.ParameterCount:N0} parameters), threads {effectiveThreads}, pp {prompt}, tg {gen}, {runs} runs after 1 warm-up{(adapters.Count > 0 ? ", with LoRA" : "")}"));
                output.WriteLine();
                output.WriteLine("parallel | pp tokens/s (harness) | tg tokens/s (harness) | tg tokens/s (llama.cpp counters, same decodes) | harness/counters | tg tokens/s (llama-batched-bench) | harness/batched");
                output.WriteLine("-------: | --------------------: | --------------------: | ---------------------------------------------: | ---------------: | --------------------------------: | --------------:");
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
                    var batched = new List<double>();
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
                        // The same sequences from BOS in llama.cpp's own tool, one run interleaved with each of ours
                        // (the base model only: it takes no adapter).
                        if (adapters.Count == 0 && LlamaCppTools.BatchedGeneration(resolved.Path, effectiveThreads, count, gen, prompt + gen) is { } speed)
                        {
                            batched.Add(speed);
                        }
                    }
                    var reference = batched.Count > 0
                        ? string.Create(CultureInfo.InvariantCulture, $"{MeanSd(batched),33} | {tg.Average() / batched.Average(),14:P1}")
                        : $"{(adapters.Count > 0 ? "- (takes no LoRA)" : "not built - run native/llama-cpp/build.sh"),33} | {"-",14}";
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{count,8} | {MeanSd(pp),21} | {MeanSd(tg),21} | {MeanSd(native),46} | {tg.Average() / native.Average(),15:P1} | {reference}"));
                }
                output.WriteLine();
                References(output, model, resolved.Path, promptTokenIds, gen, runs, effectiveThreads);
                output.WriteLine();
                Loads(output, resolved, runs);
                foreach (var adapter in adapters)
                {
                    adapter.Adapter.Dispose();
                }
            }
        }));
        return command;
    }

    /// <summary>One sequence of the base model: the harness, a raw LLamaSharp loop and llama-bench when built, runs interleaved.</summary>
    private static void References(TextWriter output, LlamaModel model, string modelPath, int[] prompt, int gen, int runs, int threads)
    {
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions
        {
            ContextSize = prompt.Length + gen,
            MaxParallelSequences = 1,
            Threads = threads,
        });
        using var raw = new LlamaSharpReferenceLoop(model, prompt.Length + gen, threads);
        var ppRequest = Requests(1, prompt, 1, []);
        var tgRequest = Requests(1, [model.BosToken], gen + 1, []);
        generator.GenerateBatch(ppRequest);
        generator.GenerateBatch(tgRequest);
        raw.PromptTokensPerSecond(prompt);
        raw.GenerationTokensPerSecond(gen);
        List<double> harnessPp = [], harnessTg = [], rawPp = [], rawTg = [], harnessTgCpu = [], rawTgCpu = [], benchPp = [], benchTg = [];
        void HarnessPp() => harnessPp.Add(prompt.Length / generator.GenerateBatch(ppRequest)[0].Timings.PromptEvaluation.TotalSeconds);
        void RawPp() => rawPp.Add(raw.PromptTokensPerSecond(prompt));
        void HarnessTg()
        {
            var cpu = ProcessorTime();
            harnessTg.Add(generator.GenerateBatch(tgRequest)[0].Timings.TokensPerSecond);
            harnessTgCpu.Add(gen / (ProcessorTime() - cpu).TotalSeconds);
        }
        void RawTg()
        {
            var cpu = ProcessorTime();
            rawTg.Add(raw.GenerationTokensPerSecond(gen));
            rawTgCpu.Add(gen / (ProcessorTime() - cpu).TotalSeconds);
        }
        for (var run = 0; run < runs; run++)
        {
            // Which loop goes first alternates: the first decode after llama-bench's process pays for waking the
            // OpenMP worker and refilling the caches.
            Action[] measures = run % 2 == 0 ? [HarnessPp, RawPp, HarnessTg, RawTg] : [RawPp, HarnessPp, RawTg, HarnessTg];
            foreach (var measure in measures)
            {
                measure();
            }
            // One repetition per run (llama-bench warms up first each time, as the two loops above were).
            if (LlamaCppTools.Bench(modelPath, threads, prompt.Length, gen) is { } figures)
            {
                benchPp.Add(figures.Pp);
                benchTg.Add(figures.Tg);
            }
        }
        var bench = string.Create(CultureInfo.InvariantCulture, $"llama-bench -t {threads} -p {prompt.Length} -n {gen}");
        // Tokens per CPU second (the whole process's CPU time over the run) tell the two loops apart on a
        // machine whose cores are shared: waiting for a core adds wall time but no CPU time.
        output.WriteLine("1 sequence, base model, references | pp tokens/s      | tg tokens/s      | tg tokens/CPU s");
        output.WriteLine("---------------------------------- | ---------------: | ---------------: | --------------:");
        output.WriteLine($"{"harness",-34} | {MeanSd(harnessPp),16} | {MeanSd(harnessTg),16} | {MeanSd(harnessTgCpu),15}");
        output.WriteLine($"{"raw LLamaSharp loop, same process",-34} | {MeanSd(rawPp),16} | {MeanSd(rawTg),16} | {MeanSd(rawTgCpu),15}");
        output.WriteLine(benchTg.Count > 0
            ? $"{bench,-34} | {MeanSd(benchPp),16} | {MeanSd(benchTg),16} | {"-",15}"
            : $"{bench,-34} | not built - run native/llama-cpp/build.sh");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"harness / raw LLamaSharp loop",-34} | {harnessPp.Average() / rawPp.Average(),16:P1} | {harnessTg.Average() / rawTg.Average(),16:P1} | {harnessTgCpu.Average() / rawTgCpu.Average(),15:P1}"));
        if (benchTg.Count > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"harness / llama-bench",-34} | {harnessPp.Average() / benchPp.Average(),16:P1} | {harnessTg.Average() / benchTg.Average(),16:P1} | {"-",15}"));
        }
    }

    /// <summary>
    /// Load time: the harness's <see cref="LlamaModel.Load"/> (C# file checks, the card's sha256 through the file's
    /// stamp, llama.cpp's load, metadata) against LLamaSharp's bare load of the same file. Loads take milliseconds,
    /// so there are four pairs per run, after one warm-up pair (both then read a file the page cache holds), and the
    /// pairs alternate which goes first, so neither always follows the other's unmapping.
    /// </summary>
    private static void Loads(TextWriter output, ResolvedModel resolved, int runs)
    {
        List<double> harness = [], raw = [];
        double HarnessLoadMilliseconds()
        {
            var started = Stopwatch.GetTimestamp();
            var model = LlamaModel.Load(resolved.Path, ModelArguments.LoadOptions(resolved));
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            model.Dispose();
            return milliseconds;
        }
        for (var pair = 0; pair <= 4 * runs; pair++)
        {
            double harnessMs, rawMs;
            if (pair % 2 == 0)
            {
                harnessMs = HarnessLoadMilliseconds();
                rawMs = LlamaSharpReferenceLoop.LoadMilliseconds(resolved.Path);
            }
            else
            {
                rawMs = LlamaSharpReferenceLoop.LoadMilliseconds(resolved.Path);
                harnessMs = HarnessLoadMilliseconds();
            }
            if (pair > 0)
            {
                harness.Add(harnessMs);
                raw.Add(rawMs);
            }
        }
        output.WriteLine($"{$"model load, {harness.Count} pairs",-34} | ms");
        output.WriteLine("---------------------------------- | ---------------:");
        output.WriteLine($"{"harness (checks, stamped sha256)",-34} | {MeanSd(harness),16}");
        output.WriteLine($"{"raw LLamaSharp LoadFromFile",-34} | {MeanSd(raw),16}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"harness / raw LLamaSharp load",-34} | {harness.Average() / raw.Average(),16:P1}"));
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
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

    /// <summary>llama.cpp's own benchmark tools, built by native/llama-cpp/build.sh into the cache; references only.</summary>
    private static class LlamaCppTools
    {
        /// <summary>llama-bench: one repetition's pp and tg tokens/s, or null when it is not built.</summary>
        public static (double Pp, double Tg)? Bench(string model, int threads, int prompt, int gen)
        {
            if (Run("llama-bench", ["-m", model, "-t", Invariant(threads), "-p", Invariant(prompt), "-n", Invariant(gen), "-r", "1", "-o", "json"]) is not { } json)
            {
                return null;
            }
            using var document = JsonDocument.Parse(json);
            double? pp = null, tg = null;
            foreach (var test in document.RootElement.EnumerateArray())
            {
                var tokensPerSecond = test.GetProperty("avg_ts").GetDouble();
                if (test.GetProperty("n_gen").GetInt32() > 0)
                {
                    tg = tokensPerSecond;
                }
                else
                {
                    pp = tokensPerSecond;
                }
            }
            return pp is { } p && tg is { } t ? (p, t) : null;
        }

        /// <summary>
        /// llama-batched-bench: the tokens/s of <paramref name="sequences"/> sequences generating <paramref name="gen"/>
        /// tokens each after BOS side by side, in a context sized as the harness's (a KV stream of
        /// <paramref name="perSequence"/> tokens per sequence), or null when it is not built.
        /// </summary>
        public static double? BatchedGeneration(string model, int threads, int sequences, int gen, int perSequence)
        {
            var batch = Invariant(Math.Max(512, sequences));
            if (Run("llama-batched-bench", ["-m", model, "-t", Invariant(threads), "-tb", Invariant(threads), "-c", Invariant(perSequence * sequences),
                "-b", batch, "-ub", batch, "-npp", "1", "-ntg", Invariant(gen), "-npl", Invariant(sequences), "--output-format", "jsonl"]) is not { } lines)
            {
                return null;
            }
            using var document = JsonDocument.Parse(lines.Split('\n').Last(line => line.StartsWith('{')));
            return document.RootElement.GetProperty("speed_tg").GetDouble();
        }

        /// <summary>The tool's standard output, or null when it is not built; a failed run is an error naming the fix.</summary>
        private static string? Run(string tool, string[] arguments)
        {
            var path = Path.Combine(LlamaNativeLibrary.ToolsDirectory, "bin", tool);
            if (!File.Exists(path))
            {
                return null;
            }
            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{path} failed with exit code {process.ExitCode}: {errors.Result.Trim().Split('\n')[^1]} - rebuild it with native/llama-cpp/build.sh --rebuild");
            }
            return output.Result;
        }

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
