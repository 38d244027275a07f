namespace Harness.Llama.Generation;

/// <summary>Arithmetic on a model's next-token logits.</summary>
public static class Logits
{
    /// <summary>
    /// log Σ exp(logit), shifted by the largest logit so no exp overflows: the normaliser that turns a logit into a
    /// log-probability (log p = logit − LogSumExp).
    /// </summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }
        return max + Math.Log(sum);
    }

    /// <summary>The log-probability of <paramref name="token"/> under the logits (log p = logit − LogSumExp).</summary>
    public static double LogSoftmax(ReadOnlySpan<float> logits, int token) => logits[token] - LogSumExp(logits);
}
