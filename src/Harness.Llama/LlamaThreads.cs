namespace Harness.Llama;

/// <summary>How many compute threads a model gets when the run does not say.</summary>
public static class LlamaThreads
{
    /// <summary>Below this size a model's matrices are too small for a second thread to pay for its synchronisation.</summary>
    public const long MultiThreadedParameters = 100_000_000;

    /// <summary>
    /// Every core for real models, one for tiny ones (such as the 260K test model), whose steps are
    /// dominated by ggml's spinning thread barriers.
    /// </summary>
    public static int Automatic(long parameters) => parameters >= MultiThreadedParameters ? Environment.ProcessorCount : 1;
}
