namespace Quartier.Cossmic.Runs;

/// <summary>Progress of a run set: reported after each finished run (runs may finish out of order).</summary>
/// <param name="Completed">Runs finished so far.</param>
/// <param name="Total">Runs asked for.</param>
/// <param name="Run">Index of the run that just finished.</param>
/// <param name="PvShare">Its PV share.</param>
public readonly record struct CossmicProgress(int Completed, int Total, int Run, double PvShare);
