using System.CommandLine;
using System.Globalization;
using Harness.Llama;
using Harness.Llama.Generation;

namespace Harness.Cli.Commands;

/// <summary>`harness generate --model stories260K --prompt "..."`: one generation, with optional LoRA adapters; figures go to stderr.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var arguments = new ModelArguments();
        var prompt = new Option<string>("--prompt") { Description = "The prompt text.", Required = true };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 is greedy." };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0: off)." };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass (1: off).", DefaultValueFactory = _ => 1f };
        var minP = new Option<float>("--min-p") { Description = "Drop tokens below this fraction of the best one's probability (0: off)." };
        var seed = new Option<uint>("--seed") { Description = "Seed of the random draw (temperature > 0).", DefaultValueFactory = _ => 42 };
        var stop = new Option<string[]>("--stop") { Description = "Stop before this text (repeatable)." };
        var grammar = new Option<FileInfo?>("--grammar-file") { Description = "A GBNF grammar file the output must follow." };
        var template = new Option<string?>("--chat-template") { Description = "Send the prompt as a user message through this chat template (e.g. chatml)." };
        var context = new Option<int>("--context") { Description = "Context tokens (prompt plus output).", DefaultValueFactory = _ => 2048 };
        var command = new Command("generate", "Generate text with a model (and LoRA adapters).")
        {
            prompt, maxTokens, temperature, topK, topP, minP, seed, stop, grammar, template, context,
        };
        arguments.AddTo(command);
        command.SetAction(parseResult => arguments.Run(parseResult, "generate", output =>
        {
            var (resolved, model) = arguments.Load(parseResult);
            using (model)
            {
                var adapters = arguments.LoadAdapters(parseResult, resolved, model);
                try
                {
                    using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions
                    {
                        ContextSize = parseResult.GetValue(context),
                        MaxParallelSequences = 1,
                        Threads = ThreadCount.Get(parseResult, arguments.Threads),
                    });
                    var text = parseResult.GetValue(prompt)!;
                    var chatTemplate = parseResult.GetValue(template);
                    var request = new GenerationRequest
                    {
                        Prompt = chatTemplate is null ? text : null,
                        Messages = chatTemplate is null ? null : [new PromptMessage("user", text)],
                        ChatTemplate = chatTemplate,
                        MaxTokens = parseResult.GetValue(maxTokens),
                        StopStrings = parseResult.GetValue(stop) ?? [],
                        Adapters = adapters,
                        Sampling = new SamplingOptions
                        {
                            Temperature = parseResult.GetValue(temperature),
                            TopK = parseResult.GetValue(topK),
                            TopP = parseResult.GetValue(topP),
                            MinP = parseResult.GetValue(minP),
                            Seed = parseResult.GetValue(seed),
                            Grammar = parseResult.GetValue(grammar) is { } file ? File.ReadAllText(file.FullName) : null,
                        },
                    };
                    var result = generator.Generate(request);
                    output.WriteLine(chatTemplate is null ? text + result.Text : result.Text);
                    var timings = result.Timings;
                    parseResult.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{resolved.Name}{string.Concat(adapters.Select(a => $" + {Path.GetFileNameWithoutExtension(a.Adapter.Path)}:{a.Scale:0.##}"))}: {result.PromptTokens} prompt tokens, {result.GeneratedTokens} generated ({Describe(result.FinishReason)}); prompt {timings.PromptEvaluation.TotalMilliseconds:F1} ms, first token {timings.TimeToFirstToken.TotalMilliseconds:F1} ms, generation {timings.Generation.TotalMilliseconds:F1} ms ({timings.TokensPerSecond:F0} tokens/s)"));
                }
                finally
                {
                    foreach (var adapter in adapters)
                    {
                        adapter.Adapter.Dispose();
                    }
                }
            }
        }));
        return command;
    }

    private static string Describe(FinishReason reason) => reason switch
    {
        FinishReason.EndOfGeneration => "end of text",
        FinishReason.StopString => "stop string",
        FinishReason.MaxTokens => "max tokens",
        _ => "context full",
    };
}
