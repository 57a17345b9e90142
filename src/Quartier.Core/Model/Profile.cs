using Quartier.Core.Errors;
using Quartier.Core.Units;

namespace Quartier.Core.Model;

/// <summary>
/// A value over time as ESDL gives it. Values are kept as written; <see cref="Unit"/> says what they mean.
/// Services sample a profile onto their time grid once, before the hot loop.
/// </summary>
public abstract class Profile
{
    protected Profile(string? id, string? name, QuantityAndUnit? unit, int line)
    {
        Id = id;
        Name = name;
        Unit = unit;
        Line = line;
    }

    public string? Id { get; }

    public string? Name { get; }

    /// <summary>What the values mean; set once by a reader when the unit is declared after the profile.</summary>
    public QuantityAndUnit? Unit { get; set; }

    public int Line { get; }

    /// <summary>The value that holds at <paramref name="utc"/>; 0 where the profile has no element.</summary>
    public abstract double ValueAt(DateTime utc);

    /// <summary>First and last instant with data, if the profile is bounded in time.</summary>
    public abstract (DateTime Start, DateTime End)? Span { get; }

    /// <summary>Fills <paramref name="destination"/>[i] with the value at <c>start + (i + firstStep)·step</c>.</summary>
    public virtual void Sample(DateTime start, int stepSeconds, int firstStep, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ValueAt(start.AddSeconds((long)(i + firstStep) * stepSeconds));
        }
    }
}

/// <summary>ESDL DateTimeProfile: elements with [from, to) and a value; gaps read as 0.</summary>
public sealed class DateTimeProfile : Profile
{
    private readonly long[] _from;
    private readonly long[] _to;
    private readonly double[] _values;

    public DateTimeProfile(string? id, string? name, QuantityAndUnit? unit, int line, IReadOnlyList<(DateTime From, DateTime To, double Value)> elements)
        : base(id, name, unit, line)
    {
        var sorted = elements.OrderBy(e => e.From).ToArray();
        _from = new long[sorted.Length];
        _to = new long[sorted.Length];
        _values = new double[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].To <= sorted[i].From)
            {
                throw new InputException($"profile element {i} ends ({sorted[i].To:O}) before it starts ({sorted[i].From:O})", line: line, elementId: id);
            }

            _from[i] = sorted[i].From.Ticks;
            _to[i] = sorted[i].To.Ticks;
            _values[i] = sorted[i].Value;
        }
    }

    public int Count => _values.Length;

    public ReadOnlySpan<double> Values => _values;

    public override (DateTime Start, DateTime End)? Span =>
        _values.Length == 0 ? null : (new DateTime(_from[0], DateTimeKind.Utc), new DateTime(_to.Max(), DateTimeKind.Utc));

    public override double ValueAt(DateTime utc)
    {
        long t = utc.Ticks;
        int i = Array.BinarySearch(_from, t);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return i >= 0 && t < _to[i] ? _values[i] : 0.0;
    }
}

/// <summary>ESDL SingleValue: one value at all times.</summary>
public sealed class SingleValueProfile(string? id, string? name, QuantityAndUnit? unit, int line, double value) : Profile(id, name, unit, line)
{
    public double Value { get; } = value;

    public override (DateTime Start, DateTime End)? Span => null;

    public override double ValueAt(DateTime utc) => Value;
}

/// <summary>ESDL TimeSeriesProfile: a start instant, a fixed step in seconds and values.</summary>
public sealed class TimeSeriesProfile : Profile
{
    private readonly double[] _values;

    public TimeSeriesProfile(string? id, string? name, QuantityAndUnit? unit, int line, DateTime start, int stepSeconds, double[] values)
        : base(id, name, unit, line)
    {
        if (stepSeconds <= 0)
        {
            throw new InputException($"TimeSeriesProfile timestep {stepSeconds} must be positive", line: line, elementId: id);
        }

        Start = DateTime.SpecifyKind(start, DateTimeKind.Utc);
        StepSeconds = stepSeconds;
        _values = values;
    }

    public DateTime Start { get; }

    public int StepSeconds { get; }

    public ReadOnlySpan<double> Values => _values;

    public override (DateTime Start, DateTime End)? Span => (Start, Start.AddSeconds((long)_values.Length * StepSeconds));

    public override double ValueAt(DateTime utc)
    {
        var offset = (utc - Start).Ticks;
        if (offset < 0)
        {
            return 0;
        }

        long i = offset / (StepSeconds * TimeSpan.TicksPerSecond);
        return i < _values.Length ? _values[i] : 0;
    }
}

/// <summary>
/// ESDL InfluxDBProfile: a reference to series held in an InfluxDB. Its data must come from a configured
/// source; until one is bound, reading it is an input error that names the profile.
/// </summary>
public sealed class InfluxDbProfile(string? id, string? name, QuantityAndUnit? unit, int line, IReadOnlyDictionary<string, string> attributes)
    : Profile(id, name, unit, line)
{
    private Profile? _data;

    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    public string Measurement => Attributes.GetValueOrDefault("measurement") ?? "?";

    public string Field => Attributes.GetValueOrDefault("field") ?? "?";

    public bool IsBound => _data is not null;

    public void Bind(Profile data) => _data = data;

    public override (DateTime Start, DateTime End)? Span => _data?.Span;

    public override double ValueAt(DateTime utc) => (_data ?? throw Unbound()).ValueAt(utc);

    public InputException Unbound() => new(
        $"InfluxDBProfile (measurement '{Measurement}', field '{Field}', host '{Attributes.GetValueOrDefault("host")}') has no configured data source; " +
        "the command line cannot configure InfluxDB sources yet: replace it by a DateTimeProfile or TimeSeriesProfile (the API binds data with InfluxDbProfile.Bind)",
        line: Line,
        elementId: Id);
}
