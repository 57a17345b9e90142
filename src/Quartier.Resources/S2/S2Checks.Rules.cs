using System.Globalization;
using System.Text.RegularExpressions;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;

namespace Quartier.Resources.S2;

/// <summary>The building blocks of the checks: ids, mode and timer references, power ranges, forecasts, number ranges, counts, actuators.</summary>
internal sealed partial class S2Checks
{
    // ---- building blocks ----

    public void Id(string path, string? id)
    {
        if (id is null)
        {
            Add(S2Rules.Required, path, "is required");
        }
        else if (!IdPattern().IsMatch(id))
        {
            Add(S2Rules.IdFormat, path, $"'{id}' is not an S2 ID: 2..64 characters of a-z, A-Z, 0-9, '-', '_' or ':'");
        }
    }

    private void TransitionsAndTimers(string owner, IReadOnlyList<Transition>? transitions, IReadOnlyList<S2Timer>? timers, HashSet<string> modeIds)
    {
        var timersPath = Join(owner, "timers");
        var timerIds = new HashSet<string>(StringComparer.Ordinal);
        var timersKnown = Count(timersPath, timers, 0, 1000);
        if (timersKnown)
        {
            UniqueIds(timersPath, timers!, t => t?.Id, "id");
            for (int t = 0; t < timers!.Count; t++)
            {
                var timer = timers[t];
                var path = At(timersPath, t);
                if (NotNull(path, timer))
                {
                    Id(Join(path, "id"), timer.Id);
                    timerIds.Add(timer.Id);
                    NonNegative(Join(path, "duration"), timer.Duration);
                }
            }
        }

        var transitionsPath = Join(owner, "transitions");
        if (!Count(transitionsPath, transitions, 0, 1000))
        {
            return;
        }

        UniqueIds(transitionsPath, transitions!, t => t?.Id, "id");
        for (int t = 0; t < transitions!.Count; t++)
        {
            var transition = transitions[t];
            var path = At(transitionsPath, t);
            if (!NotNull(path, transition))
            {
                continue;
            }

            Id(Join(path, "id"), transition.Id);
            ModeReference(Join(path, "from"), transition.From, modeIds, owner);
            ModeReference(Join(path, "to"), transition.To, modeIds, owner);
            if (timersKnown)
            {
                TimerReferences(Join(path, "start_timers"), transition.StartTimers, timerIds, owner);
                TimerReferences(Join(path, "blocking_timers"), transition.BlockingTimers, timerIds, owner);
            }

            OptionalNonNegative(Join(path, "transition_duration"), transition.TransitionDuration);
        }
    }

    private void ModeReference(string path, string? id, HashSet<string> modeIds, string owner)
    {
        Id(path, id);
        if (id is not null && !modeIds.Contains(id))
        {
            Add(S2Rules.TransitionOperationMode, path, $"'{id}' is not an operation mode of {Owner(owner)}; known: {Known(modeIds)}");
        }
    }

    private void TimerReferences(string path, IReadOnlyList<string>? ids, HashSet<string> timerIds, string owner)
    {
        if (!Count(path, ids, 0, 1000))
        {
            return;
        }

        for (int i = 0; i < ids!.Count; i++)
        {
            Id(At(path, i), ids[i]);
            if (ids[i] is not null && !timerIds.Contains(ids[i]))
            {
                Add(S2Rules.TransitionTimer, At(path, i), $"'{ids[i]}' is not a timer of {Owner(owner)}; known: {Known(timerIds)}");
            }
        }
    }

    /// <summary>Cardinality, order of each range and one range per commodity quantity; true when the list can be used.</summary>
    private bool PowerRanges(string path, IReadOnlyList<PowerRange>? ranges)
    {
        if (!Count(path, ranges, 1, 10))
        {
            return false;
        }

        var ok = true;
        for (int i = 0; i < ranges!.Count; i++)
        {
            var r = ranges[i];
            if (!NotNull(At(path, i), r))
            {
                ok = false;
                continue;
            }

            if (!(r.StartOfRange <= r.EndOfRange))
            {
                Add(S2Rules.RangeOrder, At(path, i), $"start_of_range {F(r.StartOfRange)} is above end_of_range {F(r.EndOfRange)}");
            }
        }

        OnePerQuantity(path, ranges, r => r.CommodityQuantity);
        return ok;
    }

    private void PowerForecastValues(string path, IReadOnlyList<PowerForecastValue>? values)
    {
        if (!Count(path, values, 1, 10))
        {
            return;
        }

        for (int i = 0; i < values!.Count; i++)
        {
            var v = values[i];
            if (NotNull(At(path, i), v))
            {
                ForecastOrder(At(path, i), "value_", v.ValueLowerLimit, v.ValueLower95Ppr, v.ValueLower68Ppr, v.ValueExpected, v.ValueUpper68Ppr, v.ValueUpper95Ppr, v.ValueUpperLimit);
            }
        }

        OnePerQuantity(path, values, v => v.CommodityQuantity);
    }

    private void Supported(string rangesPath, IReadOnlyList<PowerRange> ranges, IReadOnlyList<Commodity> supported, string supportedPath, HashSet<Commodity> reported)
    {
        for (int i = 0; i < ranges.Count; i++)
        {
            var quantity = ranges[i].CommodityQuantity;
            if (!Enum.IsDefined(quantity))
            {
                continue;
            }

            var commodity = S2Commodities.Of(quantity);
            if (!supported.Contains(commodity) && reported.Add(commodity))
            {
                Add(S2Rules.SupportedCommodities, Join(At(rangesPath, i), "commodity_quantity"), $"{S2EnumNames.Of(quantity)} needs commodity {S2EnumNames.Of(commodity)}, which is not in {supportedPath}");
            }
        }
    }

    private void ForecastOrder(string path, string prefix, double? lowerLimit, double? lower95, double? lower68, double expected, double? upper68, double? upper95, double? upperLimit)
    {
        Span<double?> values = [lowerLimit, lower95, lower68, expected, upper68, upper95, upperLimit];
        ReadOnlySpan<string> names = ["lower_limit", "lower_95PPR", "lower_68PPR", "expected", "upper_68PPR", "upper_95PPR", "upper_limit"];
        var previous = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not { } v)
            {
                continue;
            }

            if (previous >= 0 && !(values[previous]!.Value <= v))
            {
                var bad = i <= 3 ? previous : i; // blame the bound, not the expected value
                Add(S2Rules.ForecastOrder, Join(path, prefix + names[bad]), $"{prefix}{names[i]} {F(v)} is below {prefix}{names[previous]} {F(values[previous]!.Value)}; bounds must widen around {prefix}expected");
            }

            previous = i;
        }
    }

    private void Contiguous(string elementsPath, NumberRange?[] ranges)
    {
        NumberRange? previous = null;
        for (int i = 0; i < ranges.Length; i++)
        {
            var range = ranges[i];
            if (range is null)
            {
                previous = null;
                continue;
            }

            if (previous is not null && range.StartOfRange != previous.EndOfRange)
            {
                var problem = range.StartOfRange > previous.EndOfRange ? "leaves a gap after" : "overlaps or comes before";
                Add(S2Rules.FillLevelContiguous, Join(At(elementsPath, i), "fill_level_range"), $"starts at {F(range.StartOfRange)} and so {problem} the previous element, which ends at {F(previous.EndOfRange)}; fill level ranges must be contiguous and ascending");
            }

            previous = range;
        }
    }

    private void WithinStorage(string path, NumberRange range, NumberRange? storage)
    {
        if (storage is not null && (range.StartOfRange < storage.StartOfRange || range.EndOfRange > storage.EndOfRange))
        {
            Add(S2Rules.FillLevelWithinStorage, path, $"[{F(range.StartOfRange)}, {F(range.EndOfRange)}] is not within the storage fill_level_range [{F(storage.StartOfRange)}, {F(storage.EndOfRange)}]");
        }
    }

    /// <summary>Start ≤ end (strict: start &lt; end); true when the range exists and is ordered.</summary>
    private bool Range(string path, NumberRange? range, bool strict = false)
    {
        if (!NotNull(path, range))
        {
            return false;
        }

        var ordered = strict ? range.StartOfRange < range.EndOfRange : range.StartOfRange <= range.EndOfRange;
        if (!ordered)
        {
            Add(S2Rules.RangeOrder, path, $"start_of_range {F(range.StartOfRange)} must be {(strict ? "below" : "at most")} end_of_range {F(range.EndOfRange)}");
        }

        return ordered;
    }

    private void OptionalRange(string path, NumberRange? range)
    {
        if (range is not null)
        {
            Range(path, range);
        }
    }

    private void Factor(string path, double factor)
    {
        if (!(factor >= 0 && factor <= 1))
        {
            Add(S2Rules.OperationModeFactor, path, $"{F(factor)} is outside 0..1");
        }
    }

    private void NonNegative(string path, Duration duration)
    {
        if (duration.Milliseconds < 0)
        {
            Add(S2Rules.DurationNonNegative, path, $"{duration} is negative");
        }
    }

    private void OptionalNonNegative(string path, Duration? duration)
    {
        if (duration is { } d)
        {
            NonNegative(path, d);
        }
    }

    private void After(string laterName, DateTimeOffset later, string earlierName, DateTimeOffset earlier)
    {
        if (later <= earlier)
        {
            Add(S2Rules.TimeOrder, laterName, $"{laterName} {later:O} must be after {earlierName} {earlier:O}");
        }
    }

    /// <summary>minItems..maxItems; a null list is a <see cref="S2Rules.Required"/> error. True when the list exists.</summary>
    private bool Count<T>(string path, IReadOnlyList<T>? list, int min, int max)
    {
        if (!NotNull(path, list))
        {
            return false;
        }

        if (list.Count < min || list.Count > max)
        {
            var allowed = max == Unbounded ? $"at least {min}" : $"{min}..{max}";
            Add(S2Rules.Cardinality, path, $"has {list.Count} items; the schema allows {allowed}");
        }

        return true;
    }

    private bool NotNull<T>(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] T? value)
        where T : class
    {
        if (value is null)
        {
            Add(S2Rules.Required, path, "is required");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The actuator walk shared by FRBC and DDBC system descriptions: unique actuator ids, supported commodities,
    /// 1..100 operation modes with unique ids, each mode checked by <paramref name="mode"/> (which gets a checker for a
    /// mode's power ranges against the actuator's commodities), then transitions and timers against the mode ids.
    /// <paramref name="commoditiesName"/> and <paramref name="modeIdName"/> are the schemas' own spellings.
    /// </summary>
    private void Actuators<TActuator, TMode>(
        IReadOnlyList<TActuator> actuators,
        Func<TActuator, (string Id, IReadOnlyList<Commodity> Commodities, IReadOnlyList<TMode> Modes, IReadOnlyList<Transition> Transitions, IReadOnlyList<S2Timer> Timers)> parts,
        string commoditiesName,
        Func<TMode, string> modeId,
        string modeIdName,
        Action<TMode, string, Action<string, IReadOnlyList<PowerRange>>> mode)
        where TActuator : class
        where TMode : class
    {
        UniqueIds("actuators", actuators, a => a is null ? null : parts(a).Id, "id");
        for (int a = 0; a < actuators.Count; a++)
        {
            var actuator = actuators[a];
            var path = At("actuators", a);
            if (!NotNull(path, actuator))
            {
                continue;
            }

            var (id, supported, modes, transitions, timers) = parts(actuator);
            Id(Join(path, "id"), id);
            var commoditiesPath = Join(path, commoditiesName);
            var commodities = Count(commoditiesPath, supported, 1, 4) ? supported : null;
            var missing = new HashSet<Commodity>();
            void Ranges(string rangesPath, IReadOnlyList<PowerRange> ranges)
            {
                if (PowerRanges(rangesPath, ranges) && commodities is not null)
                {
                    Supported(rangesPath, ranges, commodities, commoditiesPath, missing);
                }
            }

            var modeIds = new HashSet<string>(StringComparer.Ordinal);
            var modesPath = Join(path, "operation_modes");
            if (Count(modesPath, modes, 1, 100))
            {
                UniqueIds(modesPath, modes, o => o is null ? null : modeId(o), modeIdName);
                for (int o = 0; o < modes.Count; o++)
                {
                    var m = modes[o];
                    var modePath = At(modesPath, o);
                    if (!NotNull(modePath, m))
                    {
                        continue;
                    }

                    Id(Join(modePath, modeIdName), modeId(m));
                    modeIds.Add(modeId(m));
                    mode(m, modePath, Ranges);
                }
            }

            TransitionsAndTimers(path, transitions, timers, modeIds);
        }
    }

    private void UniqueIds<T>(string path, IReadOnlyList<T> items, Func<T, string?> id, string idName)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            if (id(items[i]) is not { } value)
            {
                continue;
            }

            if (!first.TryAdd(value, i))
            {
                Add(S2Rules.UniqueId, Join(At(path, i), idName), $"duplicate id '{value}' (also at {At(path, first[value])})");
            }
        }
    }

    private void OnePerQuantity<T>(string path, IReadOnlyList<T> items, Func<T, CommodityQuantity> quantity)
        where T : class
    {
        var first = new Dictionary<CommodityQuantity, int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                continue;
            }

            var q = quantity(items[i]);
            if (!first.TryAdd(q, i))
            {
                Add(S2Rules.OnePerCommodityQuantity, Join(At(path, i), "commodity_quantity"), $"second entry for {S2EnumNames.Of(q)} (first at {At(path, first[q])}); at most one per commodity quantity");
            }
        }
    }

    private void Add(string rule, string path, string message) => _errors.Add(new S2ValidationError(rule, path, message));

    private static string Join(string parent, string child) => parent.Length == 0 ? child : parent + "." + child;

    private static string At(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static string Owner(string owner) => owner.Length == 0 ? "the system description" : owner;

    private static string Known(HashSet<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids.Order(StringComparer.Ordinal));

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[a-zA-Z0-9\-_:]{2,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
