using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Harness.Cli.Output;
using Harness.Core.Models;
using Harness.Llama;
using Harness.Pipelines.Synthetic;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness model synth &lt;name&gt;`: makes the file of a model card with a <c>synthetic:</c> block into
/// .cache/models (random weights of a shape for speed and memory checks, or a copy with a chat template),
/// checked against the card's sha256.
/// </summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "A model card with a 'synthetic:' block (models/<name>.yaml)." };
        var synth = new Command("synth", "Make a synthetic model's file into .cache/models, byte for byte the card's (sha256).") { name };
        synth.SetAction(parseResult => Synthesize(parseResult.GetValue(name)!, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return new Command("model", "Model files the harness makes itself.") { synth };
    }

    private static int Synthesize(string name, TextWriter output, TextWriter error)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var catalog = new ModelCatalog();
            var made = SyntheticModelFiles.Make(catalog, name);
            var seconds = clock.Elapsed.TotalSeconds;
            using var model = LlamaModel.Load(made.Path);
            var card = catalog.Get(name);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"made {made.Path} in {seconds:F1} s: {model.Info.ParameterCount:N0} parameters ({model.Info.FileType}), {made.Bytes:N0} bytes"));
            output.WriteLine(card.Sha256.Length > 0
                ? $"sha256 {made.Sha256} (matches the card)"
                : $"sha256 {made.Sha256} - put 'sha256: {made.Sha256}' in {card.CardPath}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (ModelArguments.IsUserError(e))
        {
            error.WriteLine($"harness model synth: {UserFacingError.Describe(e)}");
            return ExitCodes.CouldNotRun;
        }
    }
}
