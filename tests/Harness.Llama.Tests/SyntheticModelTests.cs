using System.Buffers.Binary;
using System.Security.Cryptography;
using Harness.Llama.Generation;
using Harness.Llama.Gguf;

namespace Harness.Llama.Tests;

/// <summary>
/// Models the harness makes itself: random-weight llama models of a chosen shape (on a tiny shape, the code
/// path of the 114M one) and a copy of stories260K with a chat template.
/// </summary>
[TestFixture]
[Category(TestModels.Category)]
public class SyntheticModelTests
{
    /// <summary>64 wide, 2 blocks, 4 heads of 16 sharing 2 key/value heads, feed-forward 128.</summary>
    private static readonly LlamaShape _tiny = new(ContextLength: 256, EmbeddingLength: 64, BlockCount: 2, FeedForwardLength: 128, HeadCount: 4, HeadCountKv: 2);

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-synthetic-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void TheSameSeedWritesTheSameBytesAndAnotherSeedOthers()
    {
        var first = Write(SyntheticWeightType.Q8_0, seed: 7, "first.gguf");
        var again = Write(SyntheticWeightType.Q8_0, seed: 7, "again.gguf");
        var other = Write(SyntheticWeightType.Q8_0, seed: 8, "other.gguf");

        Assert.Multiple(() =>
        {
            Assert.That(Sha256(again), Is.EqualTo(Sha256(first)));
            Assert.That(Sha256(other), Is.Not.EqualTo(Sha256(first)));
        });
    }

    // The tiny shape with stories260K's 512 tokens (key/value width 16 × 2 = 32):
    //   token_embd and output 2 × 64 × 512 = 65,536; output_norm 64;
    //   a block: attn_q and attn_output 2 × 64 × 64 = 8,192, attn_k and attn_v 2 × 64 × 32 = 4,096,
    //            ffn_gate, ffn_up and ffn_down 3 × 64 × 128 = 24,576, two norms 2 × 64 = 128: 36,992;
    //   65,536 + 64 + 2 × 36,992 = 139,584 parameters.
    [TestCase(SyntheticWeightType.F32, "all F32")]
    [TestCase(SyntheticWeightType.Q8_0, "Q8_0")]
    public void ARandomModelLoadsWithItsShapesParameterCountAndGeneratesFromFiniteLogits(SyntheticWeightType type, string fileType)
    {
        using var model = LlamaModel.Load(Write(type, seed: 1, "tiny.gguf"));
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 64, MaxParallelSequences = 1, Threads = 1 });
        var result = generator.Generate(new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 8, StopAtEndOfGeneration = false });

        Assert.Multiple(() =>
        {
            Assert.That(model.Info.ParameterCount, Is.EqualTo(139_584));
            Assert.That(model.Info.FileType, Is.EqualTo(fileType));
            Assert.That((model.Info.EmbeddingSize, model.Info.LayerCount, model.Info.ContextLength, model.Info.VocabularySize), Is.EqualTo((64, 2, 256, 512)));
            Assert.That(model.Tokenize("Tom has a kite."), Is.EqualTo(TokensOfTheBase("Tom has a kite.")), "stories260K's tokenizer");
            Assert.That(result.GeneratedTokens, Is.EqualTo(8));
            Assert.That(LastLogits(model, "Once upon a time").ToArray(), Has.All.Matches<float>(float.IsFinite));
        });
    }

    // Q8_0 stores each weight as d × q with d = 2⁻¹³ (half 0x0800) in every block; F32 stores q × 2⁻¹³ itself.
    [Test]
    public void TheF32AndQ8_0FilesOfOneSeedHoldTheSameWeights()
    {
        var f32 = Write(SyntheticWeightType.F32, seed: 3, "f32.gguf");
        var q8 = Write(SyntheticWeightType.Q8_0, seed: 3, "q8.gguf");
        var (f32File, q8File) = (GgufFile.Read(f32), GgufFile.Read(q8));
        var (f32Bytes, q8Bytes) = (File.ReadAllBytes(f32), File.ReadAllBytes(q8));

        var matrices = 0;
        foreach (var (plain, quantised) in f32File.Tensors.Zip(q8File.Tensors))
        {
            Assert.That((quantised.Name, quantised.Shape), Is.EqualTo((plain.Name, plain.Shape)));
            if (quantised.Type == (uint)SyntheticWeightType.F32)
            {
                Assert.That(q8Bytes.AsSpan((int)quantised.DataStart, (int)quantised.ByteSize).SequenceEqual(f32Bytes.AsSpan((int)plain.DataStart, (int)plain.ByteSize)), Is.True, "norms stay F32");
                continue;
            }
            matrices++;
            var weights = new float[plain.Elements];
            var decoded = new float[plain.Elements];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = BinaryPrimitives.ReadSingleLittleEndian(f32Bytes.AsSpan((int)plain.DataStart + 4 * i));
                var block = (int)quantised.DataStart + i / 32 * 34;
                Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(q8Bytes.AsSpan(block)), Is.EqualTo(0x0800), "d = 2⁻¹³");
                decoded[i] = (sbyte)q8Bytes[block + 2 + i % 32] / 8192f;
            }
            Assert.That(decoded, Is.EqualTo(weights), plain.Name);
            Assert.That(weights.Max(Math.Abs), Is.LessThanOrEqualTo(127 / 8192f), "|q| ≤ 127");
        }
        Assert.That(matrices, Is.EqualTo(2 + 2 * 7), "token_embd, output and 7 matrices a block");
    }

    [Test]
    public void AShapeWhoseHeadsDoNotDivideTheEmbeddingIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Write(SyntheticWeightType.F32, 1, "bad.gguf", _tiny with { HeadCount = 5 }));
        Assert.That(error!.Message, Does.Contain("embedding_length 64 is not a multiple of attention.head_count 5"));
    }

    [Test]
    public void AQ8_0ShapeWhoseRowsAreNotWholeBlocksIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Write(SyntheticWeightType.Q8_0, 1, "bad.gguf", _tiny with { FeedForwardLength = 100 }));
        Assert.That(error!.Message, Does.Contain("feed_forward_length 100 must be multiples of 32"));
    }

    [Test]
    public void AChatTemplateCopyHasTheTemplateAndTheSameTensorsAndAnswers()
    {
        var copy = TestModels.MakeChatmlCopy(_directory);
        var (original, copied) = (GgufFile.Read(TestModels.RequireBase()), GgufFile.Read(copy));
        var (originalBytes, copiedBytes) = (File.ReadAllBytes(TestModels.BasePath), File.ReadAllBytes(copy));
        using var model = LlamaModel.Load(copy);
        using var baseModel = LlamaModel.Load(TestModels.BasePath);
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 64, MaxParallelSequences = 1, Threads = 1 });
        using var baseGenerator = new LlamaGenerator(baseModel, new LlamaGeneratorOptions { ContextSize = 64, MaxParallelSequences = 1, Threads = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(model.Info.ChatTemplate, Is.EqualTo(TestModels.ChatmlTemplate));
            Assert.That(copied.Entries.Select(e => e.Key), Is.EqualTo(original.Entries.Select(e => e.Key).Append("tokenizer.chat_template")));
            Assert.That(copied.Tensors.Select(t => (t.Name, t.Type, t.ByteSize)), Is.EqualTo(original.Tensors.Select(t => (t.Name, t.Type, t.ByteSize))));
            foreach (var (from, to) in original.Tensors.Zip(copied.Tensors))
            {
                Assert.That(copiedBytes.AsSpan((int)to.DataStart, (int)to.ByteSize).SequenceEqual(originalBytes.AsSpan((int)from.DataStart, (int)from.ByteSize)), Is.True, from.Name);
            }
            Assert.That(generator.Generate(GenerationRequest.FromPrompt("Tom has a", 8)).Text,
                Is.EqualTo(baseGenerator.Generate(GenerationRequest.FromPrompt("Tom has a", 8)).Text));
        });
    }

    private string Write(SyntheticWeightType type, ulong seed, string name, LlamaShape? shape = null)
    {
        var path = Path.Combine(_directory, name);
        SyntheticModels.WriteRandomLlama(path, "tiny", shape ?? _tiny, type, seed, TestModels.RequireBase());
        return path;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static int[] TokensOfTheBase(string text)
    {
        using var baseModel = LlamaModel.Load(TestModels.RequireBase());
        return baseModel.Tokenize(text);
    }

    private static float[] LastLogits(LlamaModel model, string prompt)
    {
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1 });
        var tokens = model.Tokenize(prompt);
        var last = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            last = context.AddToBatch(tokens[i], i, 0, i == tokens.Length - 1);
        }
        context.Decode();
        var logits = context.GetLogits(last).ToArray();
        Assert.That(logits.Max(MathF.Abs), Is.GreaterThan(0), "the weights are not all zero");
        return logits;
    }
}
