using System.Runtime.InteropServices;
using Harness.Llama.Native;
using Harness.Llama.Training;

namespace Harness.Llama.Tests;

/// <summary>
/// The C# mirrors of llama.cpp's structs must match the C layout byte for byte. Expected numbers come
/// from the real llama.h of the bound release (node-llama-cpp 3.22.1's bundled llama.cpp source),
/// produced by `bash native/llama/abi/print.sh` (gcc -std=c11 on native/llama/abi/layout.c, x86-64 Linux).
/// </summary>
[TestFixture]
public class LayoutTests
{
    private static readonly (Type Type, int Size, (string Field, int Offset)[] Fields)[] _layouts =
    [
        (typeof(LlamaModelParams), 80,
        [
            ("Devices", 0), ("TensorBufferTypeOverrides", 8), ("GpuLayerCount", 16), ("SplitMode", 20), ("LoadMode", 24),
            ("LazyMode", 28), ("MainGpu", 32), ("TensorSplit", 40), ("ProgressCallback", 48), ("ProgressCallbackUserData", 56),
            ("KvOverrides", 64), ("VocabOnly", 72), ("CheckTensors", 73), ("UseExtraBufferTypes", 74), ("NoHost", 75),
            ("NoAlloc", 76), ("LoadMtp", 77),
        ]),
        (typeof(LlamaContextParams), 160,
        [
            ("ContextSize", 0), ("BatchSize", 4), ("MicroBatchSize", 8), ("MaxSequences", 12), ("RecurrentStateSnapshots", 16),
            ("MaxOutputs", 20), ("MaxOutputsPerSequence", 24), ("Threads", 28), ("BatchThreads", 32), ("ContextType", 36),
            ("RopeScalingType", 40), ("PoolingType", 44), ("AttentionType", 48), ("FlashAttentionType", 52),
            ("RopeFrequencyBase", 56), ("RopeFrequencyScale", 60), ("YarnExtFactor", 64), ("YarnAttnFactor", 68),
            ("YarnBetaFast", 72), ("YarnBetaSlow", 76), ("YarnOriginalContext", 80), ("DefragThreshold", 84),
            ("EvalCallback", 88), ("EvalCallbackUserData", 96), ("TypeK", 104), ("TypeV", 108), ("AbortCallback", 112),
            ("AbortCallbackData", 120), ("Embeddings", 128), ("OffloadKqv", 129), ("NoPerf", 130), ("OpOffload", 131),
            ("SwaFull", 132), ("KvUnified", 133), ("Samplers", 136), ("SamplerCount", 144), ("OtherContext", 152),
        ]),
        (typeof(LlamaBatch), 56,
        [
            ("TokenCount", 0), ("Token", 8), ("Embedding", 16), ("Position", 24), ("SequenceIdCount", 32), ("SequenceId", 40), ("Logits", 48),
        ]),
        (typeof(LlamaSamplerChainParams), 1, [("NoPerf", 0)]),
        (typeof(LlamaChatMessage), 16, [("Role", 0), ("Content", 8)]),
        (typeof(LlamaPerfContextData), 48,
        [
            ("StartMs", 0), ("LoadMs", 8), ("PromptEvalMs", 16), ("EvalMs", 24), ("PromptEvalCount", 32), ("EvalCount", 36), ("GraphReuseCount", 40),
        ]),
        (typeof(GgmlThreadpoolParams), 528, [("CpuMask", 0), ("Threads", 512), ("Priority", 516), ("Poll", 520), ("StrictCpu", 524), ("Paused", 525)]),
        (typeof(LlamaOptParams), 48,
        [
            ("ContextTrain", 0), ("ParamFilter", 8), ("ParamFilterUserData", 16), ("GetOptimizerParams", 24), ("GetOptimizerParamsUserData", 32), ("OptimizerType", 40),
        ]),
        (typeof(GgmlOptOptimizerParams), 28,
        [
            ("AdamWAlpha", 0), ("AdamWBeta1", 4), ("AdamWBeta2", 8), ("AdamWEpsilon", 12), ("AdamWWeightDecay", 16), ("SgdAlpha", 20), ("SgdWeightDecay", 24),
        ]),
    ];

    private static IEnumerable<TestCaseData> Structs() =>
        _layouts.Select(l => new TestCaseData(l.Type, l.Size).SetArgDisplayNames(l.Type.Name));

    private static IEnumerable<TestCaseData> Fields() =>
        _layouts.SelectMany(l => l.Fields.Select(f => new TestCaseData(l.Type, f.Field, f.Offset).SetArgDisplayNames($"{l.Type.Name}.{f.Field}")));

    [TestCaseSource(nameof(Structs))]
    public void StructSizeMatchesTheHeader(Type type, int size) => Assert.That(Marshal.SizeOf(type), Is.EqualTo(size));

    [TestCaseSource(nameof(Fields))]
    public void FieldOffsetMatchesTheHeader(Type type, string field, int offset) =>
        Assert.That(Marshal.OffsetOf(type, field).ToInt32(), Is.EqualTo(offset));

    [TestCaseSource(nameof(Structs))]
    public void EveryFieldIsCoveredByAnOffsetCheck(Type type, int size)
    {
        var declared = type.GetFields().Select(f => f.Name).Order();
        var covered = _layouts.Single(l => l.Type == type).Fields.Select(f => f.Field).Order();
        Assert.That(covered, Is.EqualTo(declared), $"{type.Name} ({size} bytes)");
    }

    [TestCaseSource(nameof(Structs))]
    public void StructIsBlittable(Type type, int size)
    {
        // Blittable structs pass by value without marshalling: their managed and native sizes agree.
        var managedSize = (int)typeof(System.Runtime.CompilerServices.Unsafe).GetMethod("SizeOf", Type.EmptyTypes)!.MakeGenericMethod(type).Invoke(null, null)!;
        Assert.That(managedSize, Is.EqualTo(size));
    }
}
