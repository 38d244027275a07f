using System.Runtime.InteropServices;
using Harness.Llama.Training;

namespace Harness.Llama.Tests.Training;

/// <summary>
/// The two training structs passed by value must match the C layout of the llama.cpp LLamaSharp 0.30.0
/// ships (x86-64 Linux: pointers 8 bytes and 8-aligned, uint32_t/enum/float 4 bytes). The numbers are worked
/// out from the headers by hand, below; <c>nm -D</c> on the shipped libllama shows llama_opt_init and
/// on libggml-base ggml_opt_get_default_optimizer_params (the functions that take and return them) and
/// ggml_opt_optimizer_name, which came with the optimizer_type field and the sgd parameters.
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
