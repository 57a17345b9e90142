namespace Quartier.Grid.Network;

/// <summary>
/// An OpenDSS XFMRCode of a two-winding distribution transformer: winding voltages (kV line-to-line),
/// rating (kVA), connections, and losses in percent of rating. <see cref="PercentX"/> is the short-circuit
/// reactance XHL (OpenDSS's default 7 % when the code gives none).
/// </summary>
public sealed record TransformerCode(
    string Name,
    int Phases,
    double PrimaryKv,
    double SecondaryKv,
    double RatedKva,
    string PrimaryConnection,
    string SecondaryConnection,
    double PercentLoadLoss,
    double PercentNoLoadLoss,
    double PercentX,
    string? File = null,
    int Line = 0);
