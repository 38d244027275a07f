namespace Harness.Metrics.Faithfulness.Semantic;

/// <summary>
/// A logistic regression on standardised features: P = σ(b + Σ wᵢ (xᵢ − meanᵢ) / sdᵢ). Fitted by
/// Newton's method (iteratively reweighted least squares) with a small L2 penalty on the weights,
/// which keeps the fit finite when a feature separates the classes.
/// </summary>
public sealed record LogisticModel(IReadOnlyList<double> Means, IReadOnlyList<double> Deviations, IReadOnlyList<double> Weights, double Intercept)
{
    public const double Penalty = 1e-2;
    private const int Iterations = 50;

    public double Probability(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != Weights.Count)
        {
            throw new ArgumentException($"the model has {Weights.Count} features, got {features.Count}", nameof(features));
        }
        var z = Intercept;
        for (var i = 0; i < Weights.Count; i++)
        {
            z += Weights[i] * (features[i] - Means[i]) / Deviations[i];
        }
        return 1 / (1 + Math.Exp(-z));
    }

    public static LogisticModel Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count == 0 || features.Count != labels.Count)
        {
            throw new ArgumentException("need one label per feature vector, and at least one", nameof(labels));
        }
        var n = features.Count;
        var d = features[0].Length;
        var means = Enumerable.Range(0, d).Select(j => features.Average(x => x[j])).ToArray();
        var deviations = Enumerable.Range(0, d)
            .Select(j => Math.Sqrt(features.Average(x => (x[j] - means[j]) * (x[j] - means[j]))))
            .Select(sd => sd > 1e-12 ? sd : 1.0)
            .ToArray();
        // Column 0 is the intercept.
        var x = features.Select(row => new[] { 1.0 }.Concat(row.Select((v, j) => (v - means[j]) / deviations[j])).ToArray()).ToArray();
        var beta = new double[d + 1];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var p = 1 / (1 + Math.Exp(-Dot(beta, x[i])));
                var residual = (labels[i] ? 1 : 0) - p;
                var weight = p * (1 - p);
                for (var a = 0; a <= d; a++)
                {
                    gradient[a] += residual * x[i][a];
                    for (var b = 0; b <= d; b++)
                    {
                        hessian[a, b] += weight * x[i][a] * x[i][b];
                    }
                }
            }
            for (var a = 1; a <= d; a++)
            {
                gradient[a] -= Penalty * n * beta[a];
                hessian[a, a] += Penalty * n;
            }
            var step = Solve(hessian, gradient);
            var size = 0.0;
            for (var a = 0; a <= d; a++)
            {
                beta[a] += step[a];
                size = Math.Max(size, Math.Abs(step[a]));
            }
            if (size < 1e-10)
            {
                break;
            }
        }
        return new LogisticModel(means, deviations, beta[1..], beta[0]);
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    // Gaussian elimination with partial pivoting; the penalised Hessian is positive definite.
    private static double[] Solve(double[,] matrix, double[] vector)
    {
        var size = vector.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])vector.Clone();
        for (var column = 0; column < size; column++)
        {
            var pivot = Enumerable.Range(column, size - column).MaxBy(row => Math.Abs(a[row, column]));
            for (var k = 0; k < size; k++)
            {
                (a[column, k], a[pivot, k]) = (a[pivot, k], a[column, k]);
            }
            (b[column], b[pivot]) = (b[pivot], b[column]);
            for (var row = column + 1; row < size; row++)
            {
                var factor = a[row, column] / a[column, column];
                for (var k = column; k < size; k++)
                {
                    a[row, k] -= factor * a[column, k];
                }
                b[row] -= factor * b[column];
            }
        }
        var solution = new double[size];
        for (var row = size - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < size; k++)
            {
                sum -= a[row, k] * solution[k];
            }
            solution[row] = sum / a[row, row];
        }
        return solution;
    }
}
