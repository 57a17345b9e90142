namespace Quartier.Resources.Devices;

/// <summary>
/// What a battery sees of its site during one step. Note that <c>default(SiteConditions)</c> has frequency 0
/// (treated as nominal) and <see cref="GridAvailable"/> false; construct it with the constructor.
/// </summary>
/// <param name="PvW">Site generation (W, ≥ 0).</param>
/// <param name="LoadW">Site consumption excluding this battery (W, ≥ 0).</param>
/// <param name="FrequencyHz">Grid frequency (Hz) for FREQUENCY_REGULATION; non-positive or NaN = nominal.</param>
/// <param name="GridAvailable">False during an outage (OUTAGE_SUPPLY covers the site then).</param>
/// <param name="PreviousGridW">Grid import of the previous step (W, import positive) for RAMP_RATE_CONTROL; NaN = unknown.</param>
public readonly record struct SiteConditions(
    double PvW,
    double LoadW,
    double FrequencyHz = 50,
    bool GridAvailable = true,
    double PreviousGridW = double.NaN)
{
    /// <summary>Grid import without the battery: <c>LoadW − PvW</c> (negative = export).</summary>
    public double NetLoadW => LoadW - PvW;

    /// <summary>PV surplus without the battery: <c>max(PvW − LoadW, 0)</c>.</summary>
    public double SurplusW => Math.Max(PvW - LoadW, 0);

    /// <summary>Deficit without the battery: <c>max(LoadW − PvW, 0)</c>.</summary>
    public double DeficitW => Math.Max(LoadW - PvW, 0);
}
