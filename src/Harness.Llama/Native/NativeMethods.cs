using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LLama.Native;

// The source-generated imports below pass LLamaSharp's blittable LLamaNativeBatch by value, which the
// generator allows for a struct from another assembly only with the runtime's own marshalling off.
[assembly: DisableRuntimeMarshalling]

namespace Harness.Llama.Native;

/// <summary>
/// The llama.cpp functions LLamaSharp does not expose (or not in a form the harness can use), bound by
/// <see cref="LlamaNativeLibrary"/> to the very libllama LLamaSharp loaded. Everything else goes through
/// LLamaSharp's own types. Call <see cref="LlamaNativeLibrary.EnsureInitialized"/> before any of these.
/// </summary>
internal static unsafe partial class NativeMethods
{
    public const string LlamaLibrary = "harness-llama";

    /// <summary>The libggml-base beside that libllama.</summary>
    public const string GgmlBaseLibrary = "harness-ggml-base";

    // The token loop. LLamaSharp's SafeLLamaContextHandle.Decode(LLamaBatch) takes a process-wide lock and
    // pins every batch array on each call; the harness keeps its batch pinned for the context's lifetime
    // and decodes on the raw context, which it holds a reference on (LlamaContext).

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_decode")]
    public static partial int Decode(nint context, LLamaNativeBatch batch);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_logits_ith")]
    public static partial float* GetLogitsIth(nint context, int index);

    // Vocabulary: LLamaSharp keeps the llama_vocab* type internal, and with it llama_detokenize.

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_get_vocab")]
    public static partial nint ModelGetVocab(SafeLlamaModelHandle model);

    // Tokenizer: LLamaSharp keeps llama_detokenize internal (its public decoders work token by token and
    // do not drop the tokenizer's leading space the way llama.cpp's own detokenizer does).

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_detokenize")]
    public static partial int Detokenize(nint vocab, int* tokens, int tokenCount, byte* text, int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    // Sampling: LLamaSharp's AddGrammar adds whatever llama_sampler_init_grammar returns, and that is
    // null for a grammar that does not parse (the next sample would crash); the harness checks first.

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_grammar", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SamplerInitGrammar(nint vocab, string grammar, string root);

    /// <summary>The chain takes ownership of <paramref name="sampler"/>.</summary>
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_add")]
    public static partial void SamplerChainAdd(SafeLLamaSamplerChainHandle chain, nint sampler);

    // LoRA: LLamaSharp's LoadLoraFromFile does not report a failed llama_adapter_lora_init (it returns an
    // adapter holding a null pointer), so adapters are loaded and applied here, on LLamaSharp's handles.

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_adapter_lora_init", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint AdapterLoraInit(SafeLlamaModelHandle model, string path);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_adapter_lora_free")]
    public static partial void AdapterLoraFree(nint adapter);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_set_adapters_lora")]
    public static partial int SetAdaptersLora(nint context, nint* adapters, nuint adapterCount, float* scales);

    // Model metadata: LLamaSharp declares llama_ftype_name as returning a string, which the runtime's
    // marshaller would free although llama.cpp owns it.

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_ftype_name")]
    public static partial byte* FileTypeName(LLamaFtype fileType);

    // ggml's tensor type traits, against which tests check the GGUF reader's own size table.

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_blck_size")]
    public static partial long GgmlBlockSize(int type);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_type_size")]
    public static partial nuint GgmlTypeSize(int type);

    /// <summary>Reads a NUL-terminated UTF-8 string owned by llama.cpp.</summary>
    public static string? ReadUtf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);
}
