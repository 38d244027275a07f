using System.Runtime.InteropServices;

namespace Harness.Llama.Native;

// Mirrors of the llama.cpp structs the binding passes by value or reads. Blittable on purpose:
// C `bool` fields are `byte` here, pointers and callbacks are `nint`. Sizes and offsets are pinned
// by LayoutTests against the real header (native/llama/abi/print.sh).

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public nint Devices;
    public nint TensorBufferTypeOverrides;
    public int GpuLayerCount;
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

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    public uint ContextSize;
    public uint BatchSize;
    public uint MicroBatchSize;
    public uint MaxSequences;
    public uint RecurrentStateSnapshots;
    public uint MaxOutputs;
    public uint MaxOutputsPerSequence;
    public int Threads;
    public int BatchThreads;
    public int ContextType;
    public int RopeScalingType;
    public int PoolingType;
    public int AttentionType;
    public int FlashAttentionType;
    public float RopeFrequencyBase;
    public float RopeFrequencyScale;
    public float YarnExtFactor;
    public float YarnAttnFactor;
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
    public nint OtherContext;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public int TokenCount;
    public int* Token;
    public float* Embedding;
    public int* Position;
    public int* SequenceIdCount;
    public int** SequenceId;
    public sbyte* Logits;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public byte NoPerf;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaChatMessage
{
    public nint Role;
    public nint Content;
}

[StructLayout(LayoutKind.Sequential)]
internal struct LlamaPerfContextData
{
    public double StartMs;
    public double LoadMs;
    public double PromptEvalMs;
    public double EvalMs;
    public int PromptEvalCount;
    public int EvalCount;
    public int GraphReuseCount;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GgmlThreadpoolParams
{
    public fixed byte CpuMask[512];
    public int Threads;
    public int Priority;
    public uint Poll;
    public byte StrictCpu;
    public byte Paused;
}

/// <summary>llama_pooling_type.</summary>
internal enum LlamaPoolingType
{
    Unspecified = -1,
    None = 0,
    Mean = 1,
    Cls = 2,
    Last = 3,
}

/// <summary>ggml_log_level.</summary>
internal enum GgmlLogLevel
{
    None = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Continue = 5,
}
