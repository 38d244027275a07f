using MathNet.Numerics.LinearAlgebra;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// A rows × columns sparse matrix in compressed-row form, with the two products randomized SVD needs
/// (MathNet's sparse matrix would do, but its products with dense matrices are not sparse-aware).
/// </summary>
internal sealed class SparseMatrix(int rows, int columns, int[] rowStarts, int[] columnIndexes, double[] values)
{
    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    /// <summary>this × dense (columns × l) → rows × l.</summary>
    public Matrix<double> Multiply(Matrix<double> dense)
    {
        var width = dense.ColumnCount;
        var input = dense.ToRowMajorArray();
        var result = new double[Rows * width];
        for (var row = 0; row < Rows; row++)
        {
            var target = result.AsSpan(row * width, width);
            for (var at = rowStarts[row]; at < rowStarts[row + 1]; at++)
            {
                AddScaled(target, input.AsSpan(columnIndexes[at] * width, width), values[at]);
            }
        }
        return Matrix<double>.Build.DenseOfRowMajor(Rows, width, result);
    }

    /// <summary>thisᵀ × dense (rows × l) → columns × l.</summary>
    public Matrix<double> TransposeMultiply(Matrix<double> dense)
    {
        var width = dense.ColumnCount;
        var input = dense.ToRowMajorArray();
        var result = new double[Columns * width];
        for (var row = 0; row < Rows; row++)
        {
            var source = input.AsSpan(row * width, width);
            for (var at = rowStarts[row]; at < rowStarts[row + 1]; at++)
            {
                AddScaled(result.AsSpan(columnIndexes[at] * width, width), source, values[at]);
            }
        }
        return Matrix<double>.Build.DenseOfRowMajor(Columns, width, result);
    }

    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        for (var j = 0; j < target.Length; j++)
        {
            target[j] += scale * source[j];
        }
    }
}
