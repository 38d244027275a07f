using System.Numerics.Tensors;

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
    public DenseRows Multiply(DenseRows dense)
    {
        var result = new DenseRows(Rows, dense.Columns);
        for (var row = 0; row < Rows; row++)
        {
            var target = result.Row(row);
            for (var at = rowStarts[row]; at < rowStarts[row + 1]; at++)
            {
                TensorPrimitives.MultiplyAdd(dense.Row(columnIndexes[at]), values[at], target, target);
            }
        }
        return result;
    }

    /// <summary>thisᵀ × dense (rows × l) → columns × l.</summary>
    public DenseRows TransposeMultiply(DenseRows dense)
    {
        var result = new DenseRows(Columns, dense.Columns);
        for (var row = 0; row < Rows; row++)
        {
            ReadOnlySpan<double> source = dense.Row(row);
            for (var at = rowStarts[row]; at < rowStarts[row + 1]; at++)
            {
                var target = result.Row(columnIndexes[at]);
                TensorPrimitives.MultiplyAdd(source, values[at], target, target);
            }
        }
        return result;
    }
}
