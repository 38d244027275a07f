using Harness.Core;
using Harness.Core.Models;
using Harness.Llama.Gguf;

namespace Harness.Pipelines.Synthetic;

/// <summary>A synthetic model file as made: where it is, its sha256 and size.</summary>
public sealed record SyntheticModelFile(string Path, string Sha256, long Bytes);

/// <summary>
/// Makes the file of a model card with a <c>synthetic:</c> block (<see cref="SyntheticRecipe"/>), the work of
/// <c>./harness model synth</c>: the source card's file is checked against its sha256, the new file is written
/// under a temporary name, and it takes the card's file name only when its sha256 is the card's.
/// </summary>
public static class SyntheticModelFiles
{
    /// <summary>Writes card <paramref name="name"/>'s file into <paramref name="directory"/> (default: the catalog's model folder).</summary>
    public static SyntheticModelFile Make(ModelCatalog catalog, string name, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var card = catalog.Get(name);
        var recipe = card.Synthetic
            ?? throw new ArgumentException($"model card '{name}' ({card.CardPath}) has no 'synthetic:' block - its file is fetched by 'bash native/bootstrap.sh', not made");
        if (recipe.Problems.Count > 0)
        {
            throw new ArgumentException($"model card '{name}' cannot be made: {string.Join("; ", recipe.Problems)}");
        }
        var source = catalog.Resolve(recipe.From);
        if (source.Sha256 is { Length: > 0 } expected && Hashing.OfFile(source.Path) is var actual && actual != expected)
        {
            throw new ArgumentException(
                $"model card '{name}' is made from {source.Path}, whose sha256 is {actual}, not {expected} as card '{recipe.From}' says - fetch it again with 'bash native/bootstrap.sh'");
        }
        var folder = directory ?? catalog.FileDirectory;
        Directory.CreateDirectory(folder);
        var destination = PathGuard.Resolve(folder, card.File, $"model card '{name}': file");
        var partial = $"{destination}.{Environment.ProcessId}.part";
        try
        {
            Write(card, recipe, source.Path, partial);
            var sha256 = Hashing.OfFile(partial);
            if (card.Sha256.Length > 0 && sha256 != card.Sha256)
            {
                throw new InvalidDataException(
                    $"model card '{name}' says sha256 {card.Sha256}, but the file made from it has {sha256} - the generator or its source changed; if on purpose, put the new sha256 in {card.CardPath}");
            }
            File.Move(partial, destination, overwrite: true);
            return new SyntheticModelFile(destination, sha256, new FileInfo(destination).Length);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void Write(ModelCard card, SyntheticRecipe recipe, string source, string destination)
    {
        if (recipe.Llama.Count == 0)
        {
            var template = card.ChatTemplate is { } text && text != "none"
                ? text
                : throw new ArgumentException($"model card '{card.Name}' ({card.CardPath}) copies '{recipe.From}' without a 'llama:' shape, so it adds a chat template: set 'chat_template:' to the template's text");
            SyntheticModels.WriteWithChatTemplate(destination, source, template);
            return;
        }
        LlamaShape shape;
        try
        {
            shape = LlamaShape.FromKeys(recipe.Llama);
        }
        catch (ArgumentException e)
        {
            // The shape's own message says what is wrong; this one adds where.
            throw new ArgumentException($"model card '{card.Name}' ({card.CardPath}), synthetic.llama: {e.Message}");
        }
        if (!Enum.TryParse<SyntheticWeightType>(card.Type, ignoreCase: false, out var type) || !Enum.IsDefined(type))
        {
            throw new ArgumentException(
                $"model card '{card.Name}' ({card.CardPath}) has type '{card.Type}' - random weights are written as {string.Join(" or ", Enum.GetNames<SyntheticWeightType>())}: set 'type:' to one of them");
        }
        SyntheticModels.WriteRandomLlama(destination, card.Name, shape, type, recipe.Seed!.Value, source);
    }
}
