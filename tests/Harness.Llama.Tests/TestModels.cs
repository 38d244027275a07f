namespace Harness.Llama.Tests;

/// <summary>Finds the models the bootstrap links into .cache/models; tests needing one are ignored (with the reason) when it is absent.</summary>
internal static class TestModels
{
    public const string Category = "model";

    public static string BasePath => Path.Combine(CacheDirectory(), "models", "stories260K.gguf");

    public static string AdapterPath => Path.Combine(CacheDirectory(), "models", "stories260K-toyfacts-lora-r8.gguf");

    /// <summary>The text the toy-facts adapter was trained on, linked by the card datasets/fixtures/toyfacts.yaml.</summary>
    public static string CorpusPath => Path.Combine(CacheDirectory(), "datasets", "toyfacts", "toyfacts-corpus.txt");

    /// <summary>
    /// The usual ChatML template (as Qwen's and many others' GGUFs carry it); llama.cpp recognises it by "&lt;|im_start|&gt;"
    /// and formats each message as "&lt;|im_start|&gt;" + role + "\n" + content + "&lt;|im_end|&gt;\n", then "&lt;|im_start|&gt;assistant\n".
    /// </summary>
    public const string ChatmlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static string RequireBase() => Require(BasePath);

    /// <summary>stories260K with <see cref="ChatmlTemplate"/> in its metadata, written into <paramref name="directory"/>.</summary>
    public static string MakeChatmlCopy(string directory)
    {
        var path = Path.Combine(directory, "stories260K-chatml.gguf");
        Gguf.SyntheticModels.WriteWithChatTemplate(path, RequireBase(), ChatmlTemplate);
        return path;
    }

    public static string RequireCorpus() => Require(CorpusPath);

    public static string RequireAdapter() => Require(AdapterPath);

    private static string Require(string path)
    {
        if (!File.Exists(path))
        {
            Assert.Ignore($"{path} is absent - run native/bootstrap.sh (the models come from the mirror named by models/*.yaml)");
        }
        return path;
    }

    private static string CacheDirectory() =>
        Environment.GetEnvironmentVariable("HARNESS_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Native.LlamaNativeLibrary.FindRepositoryRoot() ?? Directory.GetCurrentDirectory(), ".cache");
}
