namespace Quartier.Resources.Eos;

/// <summary>
/// The few floating-point conventions that make the EOS-compatible simulation reproduce EOS's stored figures
/// bit for bit: Python's <c>min</c>/<c>max</c> (which keep the first argument on ties, so signed zeros survive as
/// EOS sees them) and NumPy's pairwise summation (used by EOS for the self-consumption rate and the totals).
/// </summary>
public static class EosArithmetic
{
    private const int BlockSize = 128;

    /// <summary>Python's <c>min(a, b)</c>: <paramref name="a"/> unless <paramref name="b"/> is smaller.</summary>
    public static double Min(double a, double b) => b < a ? b : a;

    /// <summary>Python's <c>max(a, b)</c>: <paramref name="a"/> unless <paramref name="b"/> is larger.</summary>
    public static double Max(double a, double b) => b > a ? b : a;

    /// <summary><c>numpy.sum</c> of a float64 array: the identity 0.0 plus NumPy's pairwise sum of all values.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

    private static double Pairwise(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            int whole = n - (n % 8);
            for (; i < whole; i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }

            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }
}
