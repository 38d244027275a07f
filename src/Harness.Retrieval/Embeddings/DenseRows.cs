using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// A tall row-major matrix with the few products randomized SVD needs, vectorised row by row
/// (MathNet's managed QR of a 15,000 × 266 matrix takes ~10 s; these kernels take a fraction of that).
/// Small square factors stay MathNet matrices.
/// </summary>
internal sealed class DenseRows(int rows, int columns, double[] data)
{
    public DenseRows(int rows, int columns)
        : this(rows, columns, new double[rows * columns])
    {
    }

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    public double[] Data { get; } = data;

    public Span<double> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>thisᵀ · this (columns × columns).</summary>
    public Matrix<double> Gram()
    {
        var gram = new double[Columns * Columns];
        for (var r = 0; r < Rows; r++)
        {
            ReadOnlySpan<double> row = Row(r);
            for (var i = 0; i < Columns; i++)
            {
                if (row[i] != 0)
                {
                    var target = gram.AsSpan(i * Columns + i, Columns - i);
                    TensorPrimitives.MultiplyAdd(row[i..], row[i], target, target);
                }
            }
        }
        for (var i = 0; i < Columns; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[i * Columns + j] = gram[j * Columns + i];
            }
        }
        return Matrix<double>.Build.DenseOfRowMajor(Columns, Columns, gram);
    }

    /// <summary>this · small (rows × small.ColumnCount).</summary>
    public DenseRows Multiply(Matrix<double> small)
    {
        var width = small.ColumnCount;
        var factor = small.ToRowMajorArray();
        var result = new DenseRows(Rows, width);
        for (var r = 0; r < Rows; r++)
        {
            ReadOnlySpan<double> row = Row(r);
            var target = result.Row(r);
            for (var i = 0; i < Columns; i++)
            {
                if (row[i] != 0)
                {
                    TensorPrimitives.MultiplyAdd(factor.AsSpan(i * width, width), row[i], target, target);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// An orthonormal basis of the columns by CholeskyQR2 (two rounds of Q = A · R⁻¹ with RᵀR = AᵀA),
    /// which stays accurate for the moderate condition numbers of sketches; a rank-deficient matrix
    /// (tiny corpora) falls back to MathNet's Householder QR.
    /// </summary>
    public DenseRows Orthonormal()
    {
        var basis = this;
        for (var round = 0; round < 2; round++)
        {
            Matrix<double> r;
            try
            {
                r = basis.Gram().Cholesky().Factor.Transpose();
            }
            catch (ArgumentException)
            {
                // MathNet's Cholesky rejects a matrix that is not positive definite: the columns are dependent.
                return HouseholderBasis();
            }
            var diagonal = r.Diagonal();
            if (diagonal.Minimum() <= 1e-10 * diagonal.Maximum())
            {
                return HouseholderBasis();
            }
            basis = basis.Multiply(r.Inverse());
        }
        return basis;
    }

    private DenseRows HouseholderBasis()
    {
        var q = Matrix<double>.Build.DenseOfRowMajor(Rows, Columns, Data).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        return new DenseRows(Rows, Columns, q.ToRowMajorArray());
    }
}
