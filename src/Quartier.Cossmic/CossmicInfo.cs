namespace Quartier.Cossmic;

/// <summary>CoSSMic / PySSMic energy-sharing neighbourhoods: import, scheduling, runs and KPIs.</summary>
public static class CossmicInfo
{
    /// <summary>The names of the scheduling algorithms.</summary>
    public const string Description = "CoSSMic energy-sharing neighbourhoods";
}
