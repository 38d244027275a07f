using System.Runtime.InteropServices;
using Harness.Llama.Training;

namespace Harness.Llama.Tests.Training;

/// <summary>
/// The structs the training worker passes by value must match the C layout of the trainable llama.cpp build
/// (native/llama-cpp/build.sh: the source bundled in node-llama-cpp@3.22.1; x86-64 Linux: pointers 8 bytes and
/// 8-aligned, uint32_t/int32_t/enum/float 4 bytes, bool 1 byte). The numbers are worked out from that source's
/// include/llama.h and ggml/include/ggml-opt.h by hand, below (a C program printing sizeof/offsetof against the
/// same headers gave the same: 80, 160, 56).
/// </summary>
[TestFixture]
public class TrainingLayoutTests
{
    private static readonly (Type Type, int Size, (string Field, int Offset)[] Fields)[] _layouts =
    [
        // llama.h: struct llama_opt_params { uint32_t n_ctx_train; llama_opt_param_filter param_filter;
        // void * param_filter_ud; ggml_opt_get_optimizer_params get_opt_pars; void * get_opt_pars_ud;
        // enum ggml_opt_optimizer_type optimizer_type; }
        // n_ctx_train 0..4, padding to 8; four pointers at 8, 16, 24, 32; the enum at 40..44; padded to
        // the 8-byte alignment of its pointers: 48.
        (typeof(LlamaOptParams), 48,
        [
            ("ContextTrain", 0), ("ParamFilter", 8), ("ParamFilterUserData", 16), ("GetOptimizerParams", 24), ("GetOptimizerParamsUserData", 32), ("OptimizerType", 40),
        ]),
        // ggml-opt.h: struct ggml_opt_optimizer_params { struct { float alpha, beta1, beta2, eps, wd; } adamw;
        // struct { float alpha, wd; } sgd; }: seven floats, 7 × 4 = 28 bytes, no padding (4-aligned).
        (typeof(GgmlOptOptimizerParams), 28,
        [
            ("AdamWAlpha", 0), ("AdamWBeta1", 4), ("AdamWBeta2", 8), ("AdamWEpsilon", 12), ("AdamWWeightDecay", 16), ("SgdAlpha", 20), ("SgdWeightDecay", 24),
        ]),
        // llama.h: struct llama_model_params { ggml_backend_dev_t * devices; const llama_model_tensor_buft_override *
        // tensor_buft_overrides; int32_t n_gpu_layers; enum split_mode, load_mode, lazy_mode; int32_t main_gpu;
        // const float * tensor_split; progress_callback; void * progress_callback_user_data; kv_overrides;
        // bool vocab_only, check_tensors, use_extra_bufts, no_host, no_alloc, load_mtp; }
        // two pointers 0, 8; five 4-byte fields 16..36; padding to 40; four pointers 40, 48, 56, 64; six bools
        // 72..78; padded to 8: 80.
        (typeof(TrainingModelParams), 80,
        [
            ("Devices", 0), ("TensorBufferOverrides", 8), ("GpuLayers", 16), ("SplitMode", 20), ("LoadMode", 24), ("LazyMode", 28), ("MainGpu", 32),
            ("TensorSplit", 40), ("ProgressCallback", 48), ("ProgressCallbackUserData", 56), ("KvOverrides", 64),
            ("VocabOnly", 72), ("CheckTensors", 73), ("UseExtraBufferTypes", 74), ("NoHost", 75), ("NoAlloc", 76), ("LoadMtp", 77),
        ]),
        // llama.h: struct llama_context_params: nine uint32/int32 (n_ctx, n_batch, n_ubatch, n_seq_max, n_rs_seq,
        // n_outputs_max, n_outputs_max_per_seq, n_threads, n_threads_batch) 0..36; five enums (ctx_type,
        // rope_scaling_type, pooling_type, attention_type, flash_attn_type) 36..56; six floats, yarn_orig_ctx and
        // defrag_thold 56..88; cb_eval 88, cb_eval_user_data 96; type_k 104, type_v 108; abort_callback 112,
        // abort_callback_data 120; six bools 128..134; padding to 136; samplers 136, n_samplers 144, ctx_other 152: 160.
        (typeof(TrainingContextParams), 160,
        [
            ("Context", 0), ("Batch", 4), ("MicroBatch", 8), ("SequenceMax", 12), ("RecurrentSnapshots", 16), ("OutputsMax", 20), ("OutputsMaxPerSequence", 24),
            ("Threads", 28), ("ThreadsBatch", 32), ("ContextType", 36), ("RopeScalingType", 40), ("PoolingType", 44), ("AttentionType", 48), ("FlashAttentionType", 52),
            ("RopeFrequencyBase", 56), ("RopeFrequencyScale", 60), ("YarnExtrapolationFactor", 64), ("YarnAttentionFactor", 68), ("YarnBetaFast", 72), ("YarnBetaSlow", 76),
            ("YarnOriginalContext", 80), ("DefragThreshold", 84), ("EvalCallback", 88), ("EvalCallbackUserData", 96), ("TypeK", 104), ("TypeV", 108),
            ("AbortCallback", 112), ("AbortCallbackData", 120), ("Embeddings", 128), ("OffloadKqv", 129), ("NoPerf", 130), ("OpOffload", 131), ("SwaFull", 132), ("KvUnified", 133),
            ("Samplers", 136), ("SamplerCount", 144), ("ContextOther", 152),
        ]),
        // llama.h: struct llama_batch { int32_t n_tokens; then six pointers }: 0, padding to 8, 8..56.
        (typeof(TrainingBatch), 56,
        [
            ("TokenCount", 0), ("Tokens", 8), ("Embeddings", 16), ("Positions", 24), ("SequenceIdCounts", 32), ("SequenceIds", 40), ("Logits", 48),
        ]),
    ];

    private static IEnumerable<TestCaseData> Structs() =>
        _layouts.Select(l => new TestCaseData(l.Type, l.Size).SetArgDisplayNames(l.Type.Name));

    private static IEnumerable<TestCaseData> Fields() =>
        _layouts.SelectMany(l => l.Fields.Select(f => new TestCaseData(l.Type, f.Field, f.Offset).SetArgDisplayNames($"{l.Type.Name}.{f.Field}")));

    [TestCaseSource(nameof(Structs))]
    public void TrainStructSizeMatchesTheHeader(Type type, int size) => Assert.That(Marshal.SizeOf(type), Is.EqualTo(size));

    [TestCaseSource(nameof(Fields))]
    public void TrainStructFieldOffsetMatchesTheHeader(Type type, string field, int offset) =>
        Assert.That(Marshal.OffsetOf(type, field).ToInt32(), Is.EqualTo(offset));

    [TestCaseSource(nameof(Structs))]
    public void EveryTrainStructFieldIsCoveredByAnOffsetCheck(Type type, int size)
    {
        var declared = type.GetFields().Select(f => f.Name).Order();
        var covered = _layouts.Single(l => l.Type == type).Fields.Select(f => f.Field).Order();
        Assert.That(covered, Is.EqualTo(declared), $"{type.Name} ({size} bytes)");
    }
}
