using System.CommandLine;
using System.Globalization;
using Harness.Cli.Output;
using Harness.Core;
using Harness.Core.Models;
using Harness.Llama;
using Harness.Llama.Native;

namespace Harness.Cli.Commands;

/// <summary>`harness info --model stories260K`: a model's metadata, its file's sha256 (checked against the card) and the native backends.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var arguments = new ModelArguments();
        var command = new Command("info", "Show a model's metadata, sha256 and the llama.cpp backends.");
        arguments.AddTo(command, withAdapters: false, withThreads: false);
        command.SetAction(parseResult => arguments.Run(parseResult, "info", output =>
        {
            var resolved = arguments.Resolve(parseResult);
            var sha256 = Hashing.OfFile(resolved.Path);
            if (resolved.Sha256 is { Length: > 0 } expected && !string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelChecksumException(resolved.Path, expected, sha256);
            }
            using var model = LlamaModel.Load(resolved.Path);
            var info = model.Info;
            var rows = new (string, string)[]
            {
                ("model", resolved.Card is { } card ? $"{card.Name} (card {Path.GetRelativePath(Directory.GetCurrentDirectory(), card.CardPath)})" : resolved.Name),
                ("file", info.Path),
                ("sha256", sha256 + (resolved.Sha256 is null ? " (no card to check against)" : " (matches the card)")),
                ("architecture", info.Architecture),
                ("name", info.Name ?? "-"),
                ("description", info.Description),
                ("parameters", info.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)),
                ("size", FormattableString.Invariant($"{info.SizeBytes / 1024.0 / 1024.0:F2} MiB of tensors")),
                ("file type", info.FileType),
                ("context length", info.ContextLength.ToString(CultureInfo.InvariantCulture)),
                ("vocabulary", info.VocabularySize.ToString(CultureInfo.InvariantCulture)),
                ("embedding size", info.EmbeddingSize.ToString(CultureInfo.InvariantCulture)),
                ("layers", info.LayerCount.ToString(CultureInfo.InvariantCulture)),
                ("special tokens", FormattableString.Invariant($"BOS {model.BosToken}, EOS {model.EosToken}")),
                ("gguf version", info.GgufVersion.ToString(CultureInfo.InvariantCulture)),
                ("chat template", info.ChatTemplate is { } template ? Abbreviate(template) : "none in the file" + (resolved.Card?.ChatTemplate is { } cardTemplate ? $" (card: {cardTemplate})" : "")),
                ("llama.cpp", $"{LlamaNativeLibrary.LibraryPath} ({string.Join(", ", LlamaNativeLibrary.Backends())})"),
                ("cpu features", LlamaNativeLibrary.SystemInfo().Trim()),
            };
            var width = rows.Max(r => r.Item1.Length);
            foreach (var (key, value) in rows)
            {
                output.WriteLine($"{key.PadRight(width)}  {value}");
            }
        }));
        return command;
    }

    private static string Abbreviate(string template)
    {
        var flat = template.ReplaceLineEndings(" ");
        return flat.Length <= 80 ? flat : string.Concat(flat.AsSpan(0, 77), "...");
    }
}

/// <summary>The model, adapter and thread options `info`, `generate`, `embed` and `bench generate` share.</summary>
internal sealed class ModelArguments
{
    public Option<string> Model { get; } = new("--model") { Description = "A model card name (models/<name>.yaml) or a path to a .gguf file.", Required = true };

    public Option<string[]> Lora { get; } = new("--lora") { Description = "A LoRA adapter card name or .gguf path, optionally with :scale (repeatable)." };

    public Option<int> Threads { get; } = ThreadCount.Option("CPU threads (0: all cores).");

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Show llama.cpp's log." };

    public void AddTo(Command command, bool withAdapters = true, bool withThreads = true)
    {
        command.Options.Add(Model);
        if (withAdapters)
        {
            command.Options.Add(Lora);
        }
        if (withThreads)
        {
            command.Options.Add(Threads);
        }
        command.Options.Add(Verbose);
    }

    public ResolvedModel Resolve(ParseResult parseResult) => new ModelCatalog().Resolve(parseResult.GetValue(Model)!);

    /// <summary>Loads the model, checked against its card's sha256 before llama.cpp sees it.</summary>
    public (ResolvedModel Resolved, LlamaModel Model) Load(ParseResult parseResult)
    {
        var resolved = Resolve(parseResult);
        return (resolved, LlamaModel.Load(resolved.Path, LoadOptions(resolved)));
    }

    /// <summary>How a resolved model is loaded: checked against its card's sha256, hashed only when its stamp is stale.</summary>
    public static LlamaModelOptions LoadOptions(ResolvedModel resolved) =>
        new() { ExpectedSha256 = resolved.Sha256, Sha256Of = Hashing.OfStampedFile };

    /// <summary>The --lora adapters, each checked against its card (sha256, and that its base is this model).</summary>
    public IReadOnlyList<LoraSetting> LoadAdapters(ParseResult parseResult, ResolvedModel resolvedModel, LlamaModel model)
    {
        var catalog = new ModelCatalog();
        var settings = new List<LoraSetting>();
        foreach (var spec in parseResult.GetValue(Lora) ?? [])
        {
            var (name, scale) = SplitScale(spec);
            var resolved = catalog.Resolve(name);
            if (resolved.Card?.Base is { } baseName && resolvedModel.Card is not null && baseName != resolvedModel.Card.Name)
            {
                throw new ArgumentException($"adapter '{resolved.Name}' was trained on '{baseName}', not on '{resolvedModel.Name}' - pass --model {baseName}");
            }
            var adapter = model.LoadAdapter(resolved.Path, resolved.Sha256);
            settings.Add(new LoraSetting(adapter, scale ?? resolved.Card?.Scale ?? 1f));
        }
        return settings;
    }

    /// <summary>Runs a command body: llama.cpp logs go to stderr with --verbose; user errors print one line and exit 2.</summary>
    public int Run(ParseResult parseResult, string name, Action<TextWriter> body)
    {
        try
        {
            using var loggers = ConsoleLogging.Create(parseResult.GetValue(Verbose));
            if (parseResult.GetValue(Verbose))
            {
                LlamaNativeLibrary.Logger = loggers.CreateLogger("llama.cpp");
            }
            body(parseResult.InvocationConfiguration.Output);
            return ExitCodes.Success;
        }
        catch (Exception e) when (IsUserError(e))
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"harness {name}: {UserFacingError.Describe(e)}");
            return ExitCodes.CouldNotRun;
        }
    }

    /// <summary>Failures that are the input's (a missing or bad model, a bad argument, a file), printed as one line with exit 2.</summary>
    public static bool IsUserError(Exception exception) =>
        exception is ModelNotFoundException or LlamaException or ArgumentException or IOException or UnauthorizedAccessException;

    // "name", "name:0.5" or "path/to/file.gguf:0.5"; a colon not followed by a number belongs to the name.
    private static (string Name, float? Scale) SplitScale(string spec)
    {
        var colon = spec.LastIndexOf(':');
        return colon > 0 && float.TryParse(spec.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale)
            ? (spec[..colon], scale)
            : (spec, null);
    }
}
