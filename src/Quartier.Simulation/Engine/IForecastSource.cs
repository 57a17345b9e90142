namespace Quartier.Simulation.Engine;

/// <summary>
/// A service whose outputs are known ahead (profiles, weather, prices): it can fill a look-ahead window of one
/// output for one of its assets, so that a planning controller sees the same numbers the run will step through
/// (a perfect forecast). Array index <c>k</c> is step <c>k + 1</c>; index −1 is the instant the run starts.
/// Beyond the data the last value is held.
/// </summary>
public interface IForecastSource
{
    /// <summary>Fills <paramref name="destination"/> with <paramref name="output"/> of asset <paramref name="asset"/> from array index <paramref name="index"/> on.</summary>
    void Ahead(string output, int asset, int index, Span<double> destination);
}

/// <summary>Copies a window out of a per-step array, holding the first value before it and the last after it.</summary>
public static class Window
{
    public static void Copy(double[] values, int index, Span<double> destination)
    {
        if (values.Length == 0)
        {
            destination.Clear();
            return;
        }

        for (int t = 0; t < destination.Length; t++)
        {
            int k = Math.Clamp(index + t, 0, values.Length - 1);
            destination[t] = values[k];
        }
    }
}
