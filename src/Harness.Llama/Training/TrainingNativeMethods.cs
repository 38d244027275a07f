using System.Runtime.InteropServices;
using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// Everything the training worker calls, bound to the trainable llama.cpp build (native/llama-cpp/build.sh,
/// through <see cref="LlamaNativeLibrary.UseTrainingBuild"/>), never to LLamaSharp's natives: that build's
/// llama.h has newer model and context parameter structs than the ones LLamaSharp 0.30.0 marshals, so model
/// loading and contexts are declared here with the structs of that header (<see cref="TrainingModelParams"/>,
/// <see cref="TrainingContextParams"/>), beside the training API (llama_opt_* in llama.h, ggml_opt_* in
/// ggml-opt.h of libggml-base). <see cref="TrainingSession"/> owns the model and context pointers.
/// </summary>
internal static unsafe partial class TrainingNativeMethods
{
    /// <summary>ggml's base library, where ggml-opt.c lives: the libggml-base beside the libllama LLamaSharp loaded (<see cref="LlamaNativeLibrary"/>).</summary>
    public const string GgmlBaseLibrary = NativeMethods.GgmlBaseLibrary;

    public const int GgmlTypeI32 = 26; // GGML_TYPE_I32
    public const int GgmlTypeF32 = 0; // GGML_TYPE_F32
    public const int OptimizerAdamW = 0; // GGML_OPT_OPTIMIZER_TYPE_ADAMW
    public const int FileTypeAllF32 = 0; // LLAMA_FTYPE_ALL_F32
    public const int FileTypeGuessed = 1024; // LLAMA_FTYPE_GUESSED: or-ed in when the file does not say and llama.cpp looked at the tensors

    public const int LoadModeNone = 0; // LLAMA_LOAD_MODE_NONE: no mmap, so the weights are writable
    public const int FlashAttentionDisabled = 0; // LLAMA_FLASH_ATTN_TYPE_DISABLED

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_backend_init")]
    public static partial void BackendInit();

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_log_set")]
    public static partial void LogSet(delegate* unmanaged[Cdecl]<int, byte*, nint, void> callback, nint userData);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_print_system_info")]
    public static partial byte* PrintSystemInfo();

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_default_params")]
    public static partial TrainingModelParams ModelDefaultParams();

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_load_from_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ModelLoadFromFile(string path, TrainingModelParams parameters);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_free")]
    public static partial void ModelFree(nint model);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_ftype")]
    public static partial int ModelFileType(nint model);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_ftype_name")]
    public static partial byte* FileTypeName(int fileType);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_n_params")]
    public static partial ulong ModelParameterCount(nint model);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_n_ctx_train")]
    public static partial int ModelContextLength(nint model);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_get_vocab")]
    public static partial nint ModelGetVocab(nint model);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_vocab_bos")]
    public static partial int VocabBos(nint vocab);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_vocab_eos")]
    public static partial int VocabEos(nint vocab);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_vocab_get_add_bos")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabAddsBos(nint vocab);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_tokenize")]
    public static partial int Tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_context_default_params")]
    public static partial TrainingContextParams ContextDefaultParams();

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_init_from_model")]
    public static partial nint InitFromModel(nint model, TrainingContextParams parameters);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_free")]
    public static partial void Free(nint context);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_n_ctx")]
    public static partial uint ContextSize(nint context);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_n_batch")]
    public static partial uint BatchSize(nint context);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_decode")]
    public static partial int Decode(nint context, TrainingBatch batch);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_get_memory")]
    public static partial nint GetMemory(nint context);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_memory_clear")]
    public static partial void MemoryClear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_opt_init")]
    public static partial void OptInit(nint context, nint model, LlamaOptParams parameters);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_opt_epoch")]
    public static partial void OptEpoch(
        nint context, nint dataset, nint resultTrain, nint resultEval, long splitIndex,
        delegate* unmanaged[Cdecl]<byte, nint, nint, nint, long, long, long, void> callbackTrain,
        delegate* unmanaged[Cdecl]<byte, nint, nint, nint, long, long, long, void> callbackEval);

    [LibraryImport(NativeMethods.LlamaLibrary, EntryPoint = "llama_model_save_to_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ModelSaveToFile(nint model, string path);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_dataset_init")]
    public static partial nint DatasetInit(int typeData, int typeLabel, long elementsPerDatapoint, long elementsPerLabel, long datapoints, long datapointsPerShard);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_dataset_free")]
    public static partial void DatasetFree(nint dataset);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_dataset_data")]
    public static partial nint DatasetData(nint dataset);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_dataset_labels")]
    public static partial nint DatasetLabels(nint dataset);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_get_data")]
    public static partial void* TensorData(nint tensor);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_result_init")]
    public static partial nint ResultInit();

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_result_free")]
    public static partial void ResultFree(nint result);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_result_reset")]
    public static partial void ResultReset(nint result);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_result_loss")]
    public static partial void ResultLoss(nint result, double* loss, double* uncertainty);

    [LibraryImport(GgmlBaseLibrary, EntryPoint = "ggml_opt_get_default_optimizer_params")]
    public static partial GgmlOptOptimizerParams DefaultOptimizerParams(nint userData);
}

/// <summary>llama.h's <c>struct llama_opt_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaOptParams
{
    /// <summary>Context the model assumes after training; 0 means the training context.</summary>
    public uint ContextTrain;
    public nint ParamFilter;
    public nint ParamFilterUserData;
    public nint GetOptimizerParams;
    public nint GetOptimizerParamsUserData;
    public int OptimizerType;
}

/// <summary>ggml-opt.h's <c>struct ggml_opt_optimizer_params</c> (its adamw and sgd sub-structs flattened).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GgmlOptOptimizerParams
{
    public float AdamWAlpha;
    public float AdamWBeta1;
    public float AdamWBeta2;
    public float AdamWEpsilon;
    public float AdamWWeightDecay;
    public float SgdAlpha;
    public float SgdWeightDecay;
}

/// <summary>
/// llama.h's <c>struct llama_model_params</c> in the trainable build (newer than LLamaSharp 0.30.0's: it adds
/// lazy_mode and load_mtp); booleans as bytes so the layout is the C one under any marshaller.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TrainingModelParams
{
    public nint Devices;
    public nint TensorBufferOverrides;
    public int GpuLayers;
    public int SplitMode;
    public int LoadMode;
    public int LazyMode;
    public int MainGpu;
    public nint TensorSplit;
    public nint ProgressCallback;
    public nint ProgressCallbackUserData;
    public nint KvOverrides;
    public byte VocabOnly;
    public byte CheckTensors;
    public byte UseExtraBufferTypes;
    public byte NoHost;
    public byte NoAlloc;
    public byte LoadMtp;
}

/// <summary>
/// llama.h's <c>struct llama_context_params</c> in the trainable build (newer than LLamaSharp 0.30.0's: it
/// adds n_rs_seq, n_outputs_max_per_seq and ctx_type); booleans as bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TrainingContextParams
{
    public uint Context;
    public uint Batch;
    public uint MicroBatch;
    public uint SequenceMax;
    public uint RecurrentSnapshots;
    public uint OutputsMax;
    public uint OutputsMaxPerSequence;
    public int Threads;
    public int ThreadsBatch;
    public int ContextType;
    public int RopeScalingType;
    public int PoolingType;
    public int AttentionType;
    public int FlashAttentionType;
    public float RopeFrequencyBase;
    public float RopeFrequencyScale;
    public float YarnExtrapolationFactor;
    public float YarnAttentionFactor;
    public float YarnBetaFast;
    public float YarnBetaSlow;
    public uint YarnOriginalContext;
    public float DefragThreshold;
    public nint EvalCallback;
    public nint EvalCallbackUserData;
    public int TypeK;
    public int TypeV;
    public nint AbortCallback;
    public nint AbortCallbackData;
    public byte Embeddings;
    public byte OffloadKqv;
    public byte NoPerf;
    public byte OpOffload;
    public byte SwaFull;
    public byte KvUnified;
    public nint Samplers;
    public nuint SamplerCount;
    public nint ContextOther;
}

/// <summary>llama.h's <c>struct llama_batch</c> (unchanged between the two builds; declared here so the worker needs nothing of LLamaSharp).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct TrainingBatch
{
    public int TokenCount;
    public int* Tokens;
    public float* Embeddings;
    public int* Positions;
    public int* SequenceIdCounts;
    public int** SequenceIds;
    public sbyte* Logits;
}
