using System.CommandLine;
using System.Globalization;
using System.Numerics.Tensors;
using Harness.Llama.Embeddings;

namespace Harness.Cli.Commands;

/// <summary>`harness embed --model stories260K --text "..."`: the mean-pooled, unit-length embedding of each text.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var arguments = new ModelArguments();
        var texts = new Option<string[]>("--text") { Description = "A text to embed (repeatable).", Required = true };
        var command = new Command("embed", "Print the embedding (mean-pooled, L2-normalised) of each text.") { texts };
        arguments.AddTo(command, withAdapters: false);
        command.SetAction(parseResult => arguments.Run(parseResult, "embed", output =>
        {
            var (resolved, model) = arguments.Load(parseResult);
            using (model)
            {
                using var embedder = new LlamaEmbedder(model, threads: ThreadCount.Get(parseResult, arguments.Threads));
                foreach (var text in parseResult.GetValue(texts)!)
                {
                    var vector = embedder.Embed(text);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{resolved.Name}: \"{text}\" ({model.Tokenize(text).Length} tokens) -> dimension {vector.Length}, norm {TensorPrimitives.Norm(vector):F6}"));
                    output.WriteLine(string.Join(' ', vector.Select(v => v.ToString("F6", CultureInfo.InvariantCulture))));
                }
            }
        }));
        return command;
    }
}
