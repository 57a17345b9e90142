namespace Quartier.Resources.S2;

/// <summary>Names of the rules <see cref="S2Validator"/> checks; they appear in <see cref="S2ValidationError.Rule"/>.</summary>
public static class S2Rules
{
    /// <summary>A required member is null (only possible for objects built in code; JSON parsing refuses it).</summary>
    public const string Required = "required";

    /// <summary>An ID is not 2..64 characters of <c>a-z A-Z 0-9 - _ :</c> (the ID schema's pattern, matched in full).</summary>
    public const string IdFormat = "id-format";

    /// <summary>An array has fewer or more items than the schema's minItems/maxItems.</summary>
    public const string Cardinality = "cardinality";

    /// <summary>Ids must be unique in their scope: actuators, operation modes, transitions and timers of an actuator or
    /// OMBC system, power sequence containers of a profile, power sequences of a container, envelopes of an instruction,
    /// container statuses of a profile status.</summary>
    public const string UniqueId = "unique-id";

    /// <summary>A transition's <c>from</c> or <c>to</c> names no operation mode of the same actuator/system.</summary>
    public const string TransitionOperationMode = "transition-operation-mode";

    /// <summary>A transition's start or blocking timer names no timer of the same actuator/system.</summary>
    public const string TransitionTimer = "transition-timer";

    /// <summary>Fill level ranges of FRBC operation mode elements or leakage elements are not contiguous and ascending
    /// (a gap, an overlap or the wrong order).</summary>
    public const string FillLevelContiguous = "fill-level-contiguous";

    /// <summary>An FRBC operation mode element's fill level range reaches outside the storage's fill level range.</summary>
    public const string FillLevelWithinStorage = "fill-level-within-storage";

    /// <summary>More than one power range, power value or envelope for the same commodity quantity in one list.</summary>
    public const string OnePerCommodityQuantity = "one-per-commodity-quantity";

    /// <summary>A range's start is above its end (or, for FRBC operation mode and leakage fill level ranges, not strictly below).</summary>
    public const string RangeOrder = "range-order";

    /// <summary>A lower limit above the upper one: PEBC envelope element limits, PEBC energy constraint average powers.</summary>
    public const string LimitOrder = "limit-order";

    /// <summary>Forecast bounds out of order: lower limit ≤ lower 95 % ≤ lower 68 % ≤ expected ≤ upper 68 % ≤ upper 95 % ≤ upper limit.</summary>
    public const string ForecastOrder = "forecast-order";

    /// <summary>An operation mode factor outside 0..1.</summary>
    public const string OperationModeFactor = "operation-mode-factor";

    /// <summary>A negative duration.</summary>
    public const string DurationNonNegative = "duration-non-negative";

    /// <summary>An actuator's power ranges use a commodity quantity whose commodity is not in its supported commodities.</summary>
    public const string SupportedCommodities = "supported-commodities";

    /// <summary>A period that ends at or before its start (valid_from/valid_until, start_time/end_time).</summary>
    public const string TimeOrder = "time-order";

    /// <summary>PEBC power constraints without an allowed range for the upper limit or for the lower limit.</summary>
    public const string LimitTypesPresent = "limit-types-present";

    /// <summary>A resource manager's handshake without supported protocol versions.</summary>
    public const string HandshakeProtocolVersions = "handshake-protocol-versions";

    /// <summary>A PPBC container status that contradicts itself: scheduled or later without a selected sequence, or started
    /// (executing, interrupted, finished) without progress.</summary>
    public const string SequenceStatus = "sequence-status";

    /// <summary>All rule names.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Required, IdFormat, Cardinality, UniqueId, TransitionOperationMode, TransitionTimer, FillLevelContiguous,
        FillLevelWithinStorage, OnePerCommodityQuantity, RangeOrder, LimitOrder, ForecastOrder, OperationModeFactor,
        DurationNonNegative, SupportedCommodities, TimeOrder, LimitTypesPresent, HandshakeProtocolVersions, SequenceStatus,
    ];
}
