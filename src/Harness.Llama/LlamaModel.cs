using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Harness.Llama.Gguf;
using Harness.Llama.Native;
using LLama.Exceptions;
using LLama.Native;

namespace Harness.Llama;

/// <summary>
/// A GGUF model loaded by llama.cpp through LLamaSharp (<see cref="SafeLlamaModelHandle"/>): metadata,
/// tokenizer, chat templates, and the factory for contexts and LoRA adapters. Thread-safe (the weights
/// are read-only); load once, share widely. Disposing it while contexts or adapters are alive is safe:
/// the weights are freed after the last of them.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private LlamaModel(SafeLlamaModelHandle handle, LlamaModelInfo info)
    {
        Handle = handle;
        Info = info;
        Vocab = handle.Vocab;
        VocabPointer = NativeMethods.ModelGetVocab(handle);
        BosToken = Vocab.BOS is { } bos ? (int)bos : -1;
        EosToken = Vocab.EOS is { } eos ? (int)eos : -1;
        AddsBos = Vocab.ShouldAddBOS;
    }

    public LlamaModelInfo Info { get; }

    public int BosToken { get; }

    public int EosToken { get; }

    /// <summary>Whether tokenizing with special tokens prepends BOS.</summary>
    public bool AddsBos { get; }

    internal SafeLlamaModelHandle Handle { get; }

    /// <summary>The model's vocabulary; valid while <see cref="Handle"/> is.</summary>
    internal SafeLlamaModelHandle.Vocabulary Vocab { get; }

    /// <summary>The raw llama_vocab*, owned by the model, for the calls LLamaSharp does not wrap.</summary>
    internal nint VocabPointer { get; }

    /// <summary>
    /// Checks the file in C# (exists, GGUF magic and version, complete tensor data, optional sha256),
    /// then loads it. Every failure is a <see cref="ModelLoadException"/> naming the path.
    /// </summary>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= LlamaModelOptions.Default;
        var fullPath = System.IO.Path.GetFullPath(path);
        var gguf = CheckFile(fullPath, options.ExpectedSha256, options.Sha256Of);

        LlamaNativeLibrary.EnsureInitialized();
        var parameters = LLamaModelParams.Default();
        parameters.n_gpu_layers = options.GpuLayers;
        SafeLlamaModelHandle handle;
        try
        {
            handle = SafeLlamaModelHandle.LoadFromFile(fullPath, parameters);
        }
        catch (LoadWeightsFailedException e)
        {
            throw new ModelLoadException(fullPath, "llama.cpp could not load the model (set LlamaNativeLibrary.Logger to see its log) - the architecture may be unsupported by this llama.cpp build", e);
        }
        return new LlamaModel(handle, ReadInfo(handle, fullPath, gguf));
    }

    /// <summary>The checks made in C# before llama.cpp sees a model file (also before the training worker does).</summary>
    internal static GgufFile CheckFile(string fullPath, string? expectedSha256, Func<string, string>? sha256Of)
    {
        var gguf = GgufFile.Read(fullPath);
        if (expectedSha256 is { Length: > 0 })
        {
            VerifySha256(fullPath, expectedSha256, sha256Of);
        }
        return gguf.GetString("general.type") is "adapter"
            ? throw new InvalidModelFileException(fullPath, "this GGUF is a LoRA adapter, not a model - load it with LlamaModel.LoadAdapter on its base model")
            : gguf;
    }

    /// <summary>Loads a LoRA adapter trained for this model (checked in C# like a model file).</summary>
    public LlamaLoraAdapter LoadAdapter(string path, string? expectedSha256 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var gguf = GgufFile.Read(fullPath);
        if (expectedSha256 is { Length: > 0 })
        {
            VerifySha256(fullPath, expectedSha256, sha256Of: null);
        }
        if (gguf.GetString("general.type") != "adapter" || gguf.GetString("adapter.type") != "lora")
        {
            throw new InvalidModelFileException(fullPath, $"this GGUF is a {gguf.GetString("general.type") ?? "model"}, not a LoRA adapter");
        }
        if (gguf.GetString("general.architecture") is { } architecture && architecture != Info.Architecture)
        {
            throw new InvalidModelFileException(fullPath, $"the adapter is for architecture '{architecture}' but the model is '{Info.Architecture}'");
        }
        var handle = SafeLlamaAdapterHandle.Create(Handle, fullPath);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new ModelLoadException(fullPath, $"llama.cpp could not load the LoRA adapter for {System.IO.Path.GetFileName(Info.Path)} - its tensors do not match the model");
        }
        return new LlamaLoraAdapter(handle, fullPath);
    }

    /// <summary>Creates a context (KV cache and compute buffers) for this model.</summary>
    public LlamaContext CreateContext(LlamaContextOptions? options = null) => new(this, options ?? new LlamaContextOptions());

    /// <summary>Tokenizes <paramref name="text"/>; <paramref name="addSpecial"/> adds BOS (when the model wants it).</summary>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return MemoryMarshal.Cast<LLamaToken, int>(Handle.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8)).ToArray();
    }

    /// <summary>Turns tokens back into text: special tokens are dropped, so Detokenize(Tokenize(text)) == text.</summary>
    public string Detokenize(ReadOnlySpan<int> tokens)
    {
        // llama.cpp keeps the tokenizer's space prefix when it drops a BOS itself; dropping it here
        // first makes it strip that prefix, as it does for text tokenized without BOS.
        if (tokens.Length > 0 && tokens[0] == BosToken)
        {
            tokens = tokens[1..];
        }
        var buffer = new byte[Math.Max(16, tokens.Length * 8)];
        var length = Detokenize(tokens, buffer);
        if (length < 0)
        {
            buffer = new byte[-length];
            length = Detokenize(tokens, buffer);
        }
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// Formats chat messages with a chat template: <paramref name="template"/> is a built-in template
    /// name (see <see cref="BuiltInChatTemplates"/>, e.g. "chatml") or a template text; null uses the model's own.
    /// </summary>
    public string ApplyChatTemplate(IReadOnlyList<PromptMessage> messages, string? template = null, bool addAssistantPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        template ??= Info.ChatTemplate
            ?? throw new LlamaException($"{System.IO.Path.GetFileName(Info.Path)} has no chat template - name a built-in one ({string.Join(", ", BuiltInChatTemplates())})");
        return FormatChat(messages, template, addAssistantPrompt);
    }

    /// <summary>The chat template names llama.cpp knows without a template text.</summary>
    public static IReadOnlyList<string> BuiltInChatTemplates()
    {
        LlamaNativeLibrary.EnsureInitialized();
        unsafe
        {
            var count = NativeApi.llama_chat_builtin_templates(null, 0);
            // LLamaSharp declares the output as char**; the entries are UTF-8 C strings.
            var names = new nint[count];
            fixed (nint* p = names)
            {
                NativeApi.llama_chat_builtin_templates((char**)p, (nuint)count);
            }
            return [.. names.Select(name => Marshal.PtrToStringUTF8(name) ?? string.Empty)];
        }
    }

    public void Dispose() => Handle.Dispose();

    /// <summary>Writes a token's text (no special tokens) into <paramref name="buffer"/>; negative: the size needed.</summary>
    internal int TokenToPiece(int token, Span<byte> buffer) => NativeApi.llama_token_to_piece(Vocab, token, buffer, 0, false);

    internal bool IsEndOfGeneration(int token) => ((LLamaToken)token).IsEndOfGeneration(Vocab);

    private unsafe int Detokenize(ReadOnlySpan<int> tokens, byte[] buffer)
    {
        fixed (int* t = tokens)
        fixed (byte* b = buffer)
        {
            return NativeMethods.Detokenize(VocabPointer, t, tokens.Length, b, buffer.Length, true, false);
        }
    }

    private static unsafe string FormatChat(IReadOnlyList<PromptMessage> messages, string template, bool addAssistantPrompt)
    {
        LlamaNativeLibrary.EnsureInitialized();
        // The role and content strings must stay pinned while llama.cpp reads them: one UTF-8 block holds them all.
        var utf8 = new List<byte[]>(messages.Count * 2 + 1) { NulTerminated(template) };
        foreach (var message in messages)
        {
            utf8.Add(NulTerminated(message.Role));
            utf8.Add(NulTerminated(message.Content));
        }
        var handles = new GCHandle[utf8.Count];
        try
        {
            for (var i = 0; i < utf8.Count; i++)
            {
                handles[i] = GCHandle.Alloc(utf8[i], GCHandleType.Pinned);
            }
            var chat = new LLamaChatMessage[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                chat[i] = new LLamaChatMessage { role = (byte*)handles[1 + 2 * i].AddrOfPinnedObject(), content = (byte*)handles[2 + 2 * i].AddrOfPinnedObject() };
            }
            var templateText = (byte*)handles[0].AddrOfPinnedObject();
            var capacity = 2 * utf8.Sum(b => b.Length) + 256;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var buffer = new byte[capacity];
                int length;
                fixed (LLamaChatMessage* c = chat)
                fixed (byte* b = buffer)
                {
                    length = NativeApi.llama_chat_apply_template(templateText, c, (nuint)chat.Length, addAssistantPrompt, b, buffer.Length);
                }
                if (length < 0)
                {
                    throw new LlamaException($"llama.cpp does not support the chat template '{Abbreviate(template)}' - use a built-in template name ({string.Join(", ", BuiltInChatTemplates())})");
                }
                if (length <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }
                capacity = length;
            }
            throw new LlamaException("llama_chat_apply_template returned a growing length");
        }
        finally
        {
            foreach (var handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }
        }
    }

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    // The one file hash outside Harness.Core's Hashing: this project (and the training worker that loads it)
    // references nothing of the harness, and the harness hashes model files with Hashing.OfFile, which gives the same value.
    private static void VerifySha256(string path, string expected, Func<string, string>? sha256Of)
    {
        string actual;
        if (sha256Of is not null)
        {
            actual = sha256Of(path);
        }
        else
        {
            using var stream = File.OpenRead(path);
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelChecksumException(path, expected.ToLowerInvariant(), actual);
        }
    }

    private static unsafe string FileTypeName(LLamaFtype fileType) => NativeMethods.ReadUtf8(NativeMethods.FileTypeName(fileType)) ?? "unknown";

    private static LlamaModelInfo ReadInfo(SafeLlamaModelHandle handle, string path, GgufFile gguf) => new()
    {
        Path = path,
        Architecture = gguf.GetString("general.architecture") ?? "unknown",
        Name = gguf.GetString("general.name"),
        Description = handle.Description,
        ParameterCount = (long)handle.ParameterCount,
        SizeBytes = (long)handle.SizeInBytes,
        ContextLength = handle.ContextSize,
        VocabularySize = handle.Vocab.Count,
        EmbeddingSize = handle.EmbeddingSize,
        LayerCount = handle.LayerCount,
        FileType = FileTypeName(handle.FileType),
        GgufVersion = gguf.Version,
        ChatTemplate = handle.GetTemplate(null, strict: false),
    };
}
