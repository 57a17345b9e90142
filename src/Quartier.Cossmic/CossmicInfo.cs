namespace Quartier.Cossmic;

/// <summary>CoSSMic / PySSMic energy-sharing neighbourhoods: import, scheduling, runs and KPIs.</summary>
public static class CossmicInfo
{
    /// <summary>One line describing the library.</summary>
    public const string Description = "CoSSMic energy-sharing neighbourhoods: PySSMic folders and web-editor XML, event-driven scheduling (naive, random, fifty-fifty, exact MILP), runs, KPIs and result bundles";

    /// <summary>Resolution of the energy balance and of the load profiles, in seconds.</summary>
    public const int StepSeconds = 60;
}
