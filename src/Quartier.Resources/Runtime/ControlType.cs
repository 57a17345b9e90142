namespace Quartier.Resources.Runtime;

/// <summary>The S2 control type a resource simulation implements.</summary>
public enum ControlType
{
    /// <summary><c>NOT_CONTROLABLE</c>: measurements and forecasts only.</summary>
    NotControllable,

    /// <summary><c>POWER_ENVELOPE_BASED_CONTROL</c> (PEBC).</summary>
    PowerEnvelopeBased,

    /// <summary><c>POWER_PROFILE_BASED_CONTROL</c> (PPBC).</summary>
    PowerProfileBased,

    /// <summary><c>OPERATION_MODE_BASED_CONTROL</c> (OMBC).</summary>
    OperationModeBased,

    /// <summary><c>FILL_RATE_BASED_CONTROL</c> (FRBC).</summary>
    FillRateBased,

    /// <summary><c>DEMAND_DRIVEN_BASED_CONTROL</c> (DDBC).</summary>
    DemandDrivenBased,
}

/// <summary>S2 spelling of <see cref="ControlType"/>.</summary>
public static class ControlTypes
{
    /// <summary>The S2 name, e.g. <c>FILL_RATE_BASED_CONTROL</c>.</summary>
    public static string ToS2(ControlType type) => type switch
    {
        ControlType.PowerEnvelopeBased => "POWER_ENVELOPE_BASED_CONTROL",
        ControlType.PowerProfileBased => "POWER_PROFILE_BASED_CONTROL",
        ControlType.OperationModeBased => "OPERATION_MODE_BASED_CONTROL",
        ControlType.FillRateBased => "FILL_RATE_BASED_CONTROL",
        ControlType.DemandDrivenBased => "DEMAND_DRIVEN_BASED_CONTROL",
        _ => "NOT_CONTROLABLE",
    };

    /// <summary>The short name used in S2 message types: PEBC, PPBC, OMBC, FRBC, DDBC (or "none").</summary>
    public static string Abbreviation(ControlType type) => type switch
    {
        ControlType.PowerEnvelopeBased => "PEBC",
        ControlType.PowerProfileBased => "PPBC",
        ControlType.OperationModeBased => "OMBC",
        ControlType.FillRateBased => "FRBC",
        ControlType.DemandDrivenBased => "DDBC",
        _ => "none",
    };
}
