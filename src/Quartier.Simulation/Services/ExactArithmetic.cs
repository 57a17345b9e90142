namespace Quartier.Simulation.Services;

/// <summary>Arithmetic shortcuts that give the same bits as the operations they replace (for the services' hot loops).</summary>
internal static class ExactArithmetic
{
    /// <summary>Whether <paramref name="x"/> is a positive normal power of two whose reciprocal is normal: then y · (1 / x) = y / x for every y.</summary>
    public static bool IsPowerOfTwo(double x) =>
        double.IsNormal(x) && x > 0 && (BitConverter.DoubleToInt64Bits(x) & 0x000F_FFFF_FFFF_FFFF) == 0 && double.IsNormal(1 / x);
}
