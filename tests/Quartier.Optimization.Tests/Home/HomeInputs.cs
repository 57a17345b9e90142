using Quartier.Optimization.Home;

namespace Quartier.Optimization.Tests.Home;

/// <summary>Builders for small hand-solvable homes.</summary>
internal static class HomeInputs
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>24 hourly steps: no PV, no load, the given import price everywhere.</summary>
    public static HomePlanInput Hourly(double importPrice = 0.20, double exportPrice = 0) => new()
    {
        Start = Start,
        StepSeconds = 3600,
        PvW = new double[24],
        LoadW = new double[24],
        ImportPriceEurPerKwh = Filled(24, importPrice),
        ExportPriceEurPerKwh = exportPrice,
    };

    public static double[] Filled(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }

    public static double[] With(this IReadOnlyList<double> series, int step, double value)
    {
        var a = series.ToArray();
        a[step] = value;
        return a;
    }

    public static double[] With(this IReadOnlyList<double> series, int from, int to, double value)
    {
        var a = series.ToArray();
        for (var t = from; t < to; t++)
        {
            a[t] = value;
        }

        return a;
    }
}
