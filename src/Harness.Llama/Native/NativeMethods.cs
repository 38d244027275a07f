using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Harness.Llama.Native;

/// <summary>
/// The llama.cpp C API (release v0.5.0 as shipped by node-llama-cpp 3.22.1), declared from its llama.h.
/// Functions that create or free something take SafeHandles; the per-token calls take raw pointers
/// because their callers already hold a reference on the handle for the whole generation.
/// </summary>
internal static unsafe partial class NativeMethods
{
    public const string LlamaLibrary = "llama";
    public const string GgmlLibrary = "ggml";

    // ggml backends

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_load_all_from_path", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void GgmlBackendLoadAllFromPath(string directory);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_reg_count")]
    public static partial nuint GgmlBackendRegistryCount();

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_reg_get")]
    public static partial nint GgmlBackendRegistryGet(nuint index);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_reg_name")]
    public static partial byte* GgmlBackendRegistryName(nint registry);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_dev_by_type")]
    public static partial nint GgmlBackendDeviceByType(int type);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_dev_backend_reg")]
    public static partial nint GgmlBackendDeviceRegistry(nint device);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_backend_reg_get_proc_address", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GgmlBackendRegistryGetProcAddress(nint registry, string name);

    [LibraryImport(GgmlLibrary, EntryPoint = "ggml_threadpool_params_default")]
    public static partial GgmlThreadpoolParams GgmlThreadpoolParamsDefault(int threads);

    // logging and system

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_log_set")]
    public static partial void LogSet(delegate* unmanaged[Cdecl]<GgmlLogLevel, byte*, nint, void> callback, nint userData);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_backend_init")]
    public static partial void BackendInit();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_print_system_info")]
    public static partial byte* PrintSystemInfo();

    // model

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_default_params")]
    public static partial LlamaModelParams ModelDefaultParams();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_load_from_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeLlamaModelHandle ModelLoadFromFile(string path, LlamaModelParams parameters);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_free")]
    public static partial void ModelFree(nint model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_get_vocab")]
    public static partial nint ModelGetVocab(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_ctx_train")]
    public static partial int ModelContextTrain(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_embd")]
    public static partial int ModelEmbeddingSize(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_layer")]
    public static partial int ModelLayerCount(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_n_params")]
    public static partial ulong ModelParameterCount(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_size")]
    public static partial ulong ModelSize(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_ftype")]
    public static partial int ModelFileType(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_ftype_name")]
    public static partial byte* FileTypeName(int fileType);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_desc")]
    public static partial int ModelDescription(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_model_chat_template")]
    public static partial byte* ModelChatTemplate(SafeLlamaModelHandle model, byte* name);

    // vocabulary

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_n_tokens")]
    public static partial int VocabTokenCount(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_bos")]
    public static partial int VocabBos(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_eos")]
    public static partial int VocabEos(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_get_add_bos")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabAddsBos(nint vocab);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_vocab_is_eog")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabIsEndOfGeneration(nint vocab, int token);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_tokenize")]
    public static partial int Tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_token_to_piece")]
    public static partial int TokenToPiece(nint vocab, int token, byte* buffer, int length, int leftStrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_detokenize")]
    public static partial int Detokenize(nint vocab, int* tokens, int tokenCount, byte* text, int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_chat_apply_template")]
    public static partial int ChatApplyTemplate(byte* template, LlamaChatMessage* messages, nuint messageCount,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_chat_builtin_templates")]
    public static partial int ChatBuiltinTemplates(byte** output, nuint length);

    // context

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_context_default_params")]
    public static partial LlamaContextParams ContextDefaultParams();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_init_from_model")]
    public static partial nint InitFromModel(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_free")]
    public static partial void Free(nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_attach_threadpool")]
    public static partial void AttachThreadpool(nint context, nint threadpool, nint batchThreadpool);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_n_ctx_seq")]
    public static partial uint ContextSizePerSequence(nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_n_batch")]
    public static partial uint BatchSize(nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_memory")]
    public static partial nint GetMemory(nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_clear")]
    public static partial void MemoryClear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_memory_seq_rm")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MemorySequenceRemove(nint memory, int sequence, int fromPosition, int toPosition);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_decode")]
    public static partial int Decode(nint context, LlamaBatch batch);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_logits_ith")]
    public static partial float* GetLogitsIth(nint context, int index);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_get_embeddings_seq")]
    public static partial float* GetEmbeddingsSequence(nint context, int sequence);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_set_adapters_lora")]
    public static partial int SetAdaptersLora(nint context, nint* adapters, nuint adapterCount, float* scales);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_perf_context")]
    public static partial LlamaPerfContextData PerfContext(nint context);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_perf_context_reset")]
    public static partial void PerfContextReset(nint context);

    // LoRA adapters

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_adapter_lora_init", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint AdapterLoraInit(SafeLlamaModelHandle model, string path);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_adapter_lora_free")]
    public static partial void AdapterLoraFree(nint adapter);

    // samplers

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_default_params")]
    public static partial LlamaSamplerChainParams SamplerChainDefaultParams();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_init")]
    public static partial SafeLlamaSamplerHandle SamplerChainInit(LlamaSamplerChainParams parameters);

    /// <summary>The chain takes ownership of <paramref name="sampler"/>.</summary>
    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_chain_add")]
    public static partial void SamplerChainAdd(SafeLlamaSamplerHandle chain, nint sampler);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_free")]
    public static partial void SamplerFree(nint sampler);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_greedy")]
    public static partial nint SamplerInitGreedy();

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_dist")]
    public static partial nint SamplerInitDist(uint seed);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_top_k")]
    public static partial nint SamplerInitTopK(int k);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_top_p")]
    public static partial nint SamplerInitTopP(float p, nuint minKeep);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_min_p")]
    public static partial nint SamplerInitMinP(float p, nuint minKeep);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_temp")]
    public static partial nint SamplerInitTemperature(float temperature);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_init_grammar", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SamplerInitGrammar(nint vocab, string grammar, string root);

    [LibraryImport(LlamaLibrary, EntryPoint = "llama_sampler_sample")]
    public static partial int SamplerSample(nint sampler, nint context, int index);

    /// <summary>Reads a NUL-terminated UTF-8 string owned by llama.cpp.</summary>
    public static string? ReadUtf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ToByte(bool value) => value ? (byte)1 : (byte)0;
}
