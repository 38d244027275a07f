using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// Whether the loaded llama.cpp can train at all. The llama.cpp LLamaSharp 0.30.0 is built from builds its
/// training graph through the inference path, which writes K and V into the KV cache with ggml_set_rows; ggml's
/// backward pass has no gradient for that write and aborts the process (GGML_ASSERT(!node->view_src ...) in
/// ggml_build_backward_expand: llama.cpp's own llama-finetune fails the same way until its PR 27199, "finetune:
/// fix no KV cache"). An abort cannot be caught, so training refuses up front on those natives instead of
/// taking the whole run down.
/// </summary>
public static class TrainingSupport
{
    /// <summary>The LLamaSharp releases whose natives abort in the backward pass (checked here on 0.30.0).</summary>
    private static readonly Version[] _brokenReleases = [new(0, 30, 0)];

    /// <summary>Null when training can run; otherwise why not and what to do.</summary>
    public static string? Problem
    {
        get
        {
            return Version.TryParse(LlamaNativeLibrary.PackageVersion, out var release) && _brokenReleases.Contains(release)
                ? $"the llama.cpp that LLamaSharp {release} ships cannot train: building the backward pass aborts the process (GGML_ASSERT on the KV-cache write, "
                    + "fixed upstream by llama.cpp PR 27199 'finetune: fix no KV cache') - fine-tuning needs a LLamaSharp release built from a llama.cpp with that fix; "
                    + "until then use 'adapter:' or 'model:' for this pipeline"
                : null;
        }
    }

    /// <summary>Throws <see cref="TrainingException"/> with <see cref="Problem"/> when the natives cannot train.</summary>
    public static void EnsureAvailable()
    {
        if (Problem is { } problem)
        {
            throw new TrainingException(problem);
        }
    }
}
