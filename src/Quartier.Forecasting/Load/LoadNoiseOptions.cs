namespace Quartier.Forecasting.Load;

/// <summary>Options of <see cref="StochasticLoad"/>.</summary>
/// <param name="RelativeStd">Standard deviation as a fraction of the mean per interval; used when no std series is given (and then required).</param>
/// <param name="Autocorrelation">AR(1) coefficient φ of the unit noise from one interval to the next, in [0, 1): 0 independent hours.</param>
/// <param name="PreserveEnergy">Rescale each draw so its total equals the mean profile's total (clipping at 0 otherwise adds a little energy).</param>
public sealed record LoadNoiseOptions(double? RelativeStd = null, double Autocorrelation = 0, bool PreserveEnergy = false);
