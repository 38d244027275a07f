using Harness.Retrieval.Embeddings;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class RandomizedSvdTests
{
    [Test]
    public void TheLeadingRightSingularVectorsMatchAnExactSvd()
    {
        // A 120 × 80 matrix with singular values 50, 40, 30, 20, 10 and a tail of 0.1: the five leading
        // directions are well separated, so a randomized SVD must find them to high accuracy.
        var random = new Random(11);
        var left = Matrix<double>.Build.Dense(120, 80, (_, _) => random.NextDouble() - 0.5).QR().Q.SubMatrix(0, 120, 0, 80);
        var right = Matrix<double>.Build.Dense(80, 80, (_, _) => random.NextDouble() - 0.5).QR().Q;
        var singular = Matrix<double>.Build.DiagonalOfDiagonalArray(
            [.. new double[] { 50, 40, 30, 20, 10 }, .. Enumerable.Repeat(0.1, 75)]);
        var dense = left * singular * right.Transpose();

        var projection = LsaEmbedder.RightSingularVectors(Sparse(dense), 5, seed: 3);

        var exact = dense.Svd(computeVectors: true).VT.Transpose();
        for (var j = 0; j < 5; j++)
        {
            var found = Vector<double>.Build.Dense(80, term => projection[term * 5 + j]);
            Assert.That(Math.Abs(found.DotProduct(exact.Column(j))), Is.EqualTo(1).Within(1e-6), $"component {j}");
        }
    }

    [Test]
    public void ARankDeficientMatrixStillGivesFiniteVectors()
    {
        // Rank 2 with 4 components asked for: the missing directions are zero, never NaN.
        var dense = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { 1, 0, 1, 0 }, { 0, 1, 0, 1 }, { 1, 0, 1, 0 }, { 0, 1, 0, 1 }, { 2, 0, 2, 0 },
        });

        var projection = LsaEmbedder.RightSingularVectors(Sparse(dense), 4, seed: 1);

        Assert.That(projection.All(float.IsFinite), Is.True);
        Assert.That(projection.Count(v => v != 0), Is.GreaterThan(0));
    }

    private static SparseMatrix Sparse(Matrix<double> dense)
    {
        var starts = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<double>();
        for (var row = 0; row < dense.RowCount; row++)
        {
            for (var column = 0; column < dense.ColumnCount; column++)
            {
                if (dense[row, column] != 0)
                {
                    columns.Add(column);
                    values.Add(dense[row, column]);
                }
            }
            starts.Add(columns.Count);
        }
        return new SparseMatrix(dense.RowCount, dense.ColumnCount, [.. starts], [.. columns], [.. values]);
    }
}
