using System.Runtime.InteropServices;
using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// llama.cpp's training API (llama_opt_* in llama.h, ggml_opt_* in ggml-opt.h of libggml-base), the only
/// native functions training needs beyond loading. Functions take raw pointers: <see cref="TrainingSession"/>
/// holds references on the model and context handles for as long as it uses them.
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
