using System.Buffers.Binary;
using Harness.Llama.Gguf;

namespace Harness.Llama.Tests;

/// <summary>Minimal GGUF files for tests, written by the harness's <see cref="GgufWriter"/>: string and float metadata, F32 tensors of zeros, any version number.</summary>
internal sealed class GgufBuilder(uint version)
{
    private readonly GgufWriter _writer = new();

    /// <summary>
    /// A rank-8 LoRA adapter for a llama model whose embeddings have 128 values: its attn_q pair is
    /// 128 × 8 and 8 × 128, where stories260K's attn_q weight is 64 × 64.
    /// </summary>
    public static byte[] LoraForAnotherBase() => new GgufBuilder(3)
        .String("general.architecture", "llama")
        .String("general.type", "adapter")
        .String("adapter.type", "lora")
        .Float("adapter.lora.alpha", 8f)
        .Tensor("blk.0.attn_q.weight.lora_a", 128, 8)
        .Tensor("blk.0.attn_q.weight.lora_b", 8, 128)
        .Build();

    public GgufBuilder String(string key, string value)
    {
        _writer.String(key, value);
        return this;
    }

    public GgufBuilder Float(string key, float value)
    {
        _writer.Float32(key, value);
        return this;
    }

    /// <summary>An F32 tensor of zeros; <paramref name="shape"/> lists ggml's ne[0], ne[1], … (innermost first).</summary>
    public GgufBuilder Tensor(string name, params long[] shape)
    {
        _writer.Tensor(name, (uint)SyntheticWeightType.F32, shape, _ => { });
        return this;
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        _writer.Write(stream);
        var bytes = stream.ToArray();
        // The writer writes version 3; the version tests need others (bytes 4-7, after the magic).
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), version);
        return bytes;
    }
}
