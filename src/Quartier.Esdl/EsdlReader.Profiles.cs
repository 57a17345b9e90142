using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Esdl;

/// <summary>Profiles (InfluxDB, date-time and inline), their units and quantities.</summary>
public sealed partial class EsdlReader
{
    private static bool IsProfileType(string type) =>
        type is "DateTimeProfile" or "SingleValue" or "TimeSeriesProfile" or "InfluxDBProfile";

    private Profile ReadProfile(XElement element, string ownerId, string role)
    {
        var type = TypeName(element);
        var id = Attr(element, "id");
        var name = Attr(element, "name");
        var line = LineOf(element);
        var owner = id ?? ownerId;
        var unit = Child(element, "profileQuantityAndUnit") is { } unitElement ? ProfileUnit(unitElement, owner) : null;
        var range = EsdlRanges.ProfileValue(unit, role);
        double Value(ReadOnlySpan<char> text, int at, string field)
        {
            var v = ParseDouble(text, at, field, owner);
            range.Check(unit?.ToInternal(v) ?? v, field, _file, at, owner);
            return v;
        }

        switch (type)
        {
            case "DateTimeProfile":
                var rows = _rows.Of(element);
                var elements = new List<(DateTime From, DateTime To, double Value)>(rows.End.Value - rows.Start.Value);
                var lines = new List<int>(elements.Capacity);
                for (int r = rows.Start.Value; r < rows.End.Value; r++)
                {
                    int at = _rows.Line(r);
                    var from = ParseDate(_rows.TryGet(r, RowFrom, out var f) ? f : throw new InputException("profile element has no 'from'", _file, at, owner), at, owner, "from");
                    var to = ParseDate(_rows.TryGet(r, RowTo, out var t) ? t : throw new InputException("profile element has no 'to'", _file, at, owner), at, owner, "to");
                    if (to <= from)
                    {
                        throw new InputException($"profile element ends ('to' {to:yyyy-MM-ddTHH:mm:ss}) before or when it starts ('from' {from:yyyy-MM-ddTHH:mm:ss})", _file, at, owner, field: "to");
                    }

                    // EMF leaves out a value of 0.
                    elements.Add((from, to, Value(_rows.TryGet(r, RowValue, out var v) ? v : "0", at, "value")));
                    lines.Add(at);
                }

                var order = Enumerable.Range(0, elements.Count).OrderBy(i => elements[i].From).ToArray();
                for (int k = 1; k < order.Length; k++)
                {
                    var (previous, current) = (elements[order[k - 1]], elements[order[k]]);
                    if (current.From < previous.To)
                    {
                        throw new InputException($"profile element from {current.From:yyyy-MM-ddTHH:mm:ss} overlaps the element from {previous.From:yyyy-MM-ddTHH:mm:ss} to {previous.To:yyyy-MM-ddTHH:mm:ss} (line {lines[order[k - 1]]})", _file, lines[order[k]], owner, field: "from");
                    }
                }

                if (elements.Count == 0)
                {
                    throw new InputException($"DateTimeProfile '{role}' has no elements", _file, line, owner);
                }

                return new DateTimeProfile(id ?? ownerId, name, unit, line, elements);
            case "SingleValue":
                return new SingleValueProfile(id ?? ownerId, name, unit, line, Value(Attr(element, "value") ?? throw Error("SingleValue has no 'value'", element, owner), line, "value"));
            case "TimeSeriesProfile":
                var values = Attr(element, "values") is { } inline
                    ? inline.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(v => Value(v, line, "values")).ToArray()
                    : Children(element, "values").Select(v => Value(v.Value, LineOf(v), "values")).ToArray();
                if (values.Length == 0)
                {
                    throw new InputException($"TimeSeriesProfile '{role}' has no values", _file, line, owner, field: "values");
                }

                var start = ParseDate(Attr(element, "startDateTime") ?? throw Error("TimeSeriesProfile has no 'startDateTime'", element, owner), element, owner, "startDateTime");
                var step = EsdlRanges.TimeStep.Check(ParseDouble(Attr(element, "timestep") ?? throw Error("TimeSeriesProfile has no 'timestep'", element, owner), element, "timestep", owner), "timestep", _file, line, owner);
                if (step != Math.Floor(step))
                {
                    throw new InputException($"'timestep' = {step} is not a whole number of seconds", _file, line, owner, field: "timestep");
                }

                if (start.AddSeconds(step * values.Length) > EsdlRanges.LatestDate)
                {
                    throw new InputException($"TimeSeriesProfile runs past {EsdlRanges.LatestDate:yyyy-MM-dd} ({values.Length} values of {step} s from {start:yyyy-MM-dd})", _file, line, owner, field: "timestep");
                }

                return new TimeSeriesProfile(id ?? ownerId, name, unit, line, start, (int)step, values);
            case "InfluxDBProfile":
                var attrs = element.Attributes().Where(a => a.Name.Namespace == XNamespace.None).ToDictionary(a => a.Name.LocalName, a => a.Value, StringComparer.Ordinal);
                return new InfluxDbProfile(id ?? ownerId, name, unit, line, attrs);
            default:
                throw Error($"unsupported profile type '{type}'", element, owner);
        }
    }

    /// <summary>A profile's unit: inline, or a reference to one of energySystemInformation/quantityAndUnits (read before any profile).</summary>
    private QuantityAndUnit ProfileUnit(XElement unitElement, string owner)
    {
        if (TypeName(unitElement) != "QuantityAndUnitReference")
        {
            return ReadQuantityAndUnitType(unitElement);
        }

        var reference = Attr(unitElement, "reference") ?? throw Error("QuantityAndUnitReference has no 'reference'", unitElement, owner);
        return _units.TryGetValue(reference, out var unit)
            ? unit
            : throw new InputException($"QuantityAndUnitReference to '{reference}', which is not defined in energySystemInformation/quantityAndUnits", _file, LineOf(unitElement), reference, field: "reference");
    }

    private QuantityAndUnit ReadQuantityAndUnitType(XElement q)
    {
        var unit = new QuantityAndUnit(
            Attr(q, "id"),
            Attr(q, "physicalQuantity") ?? "UNDEFINED",
            Attr(q, "unit") ?? "NONE",
            Attr(q, "multiplier") ?? "NONE",
            Attr(q, "perMultiplier") ?? "NONE",
            Attr(q, "perUnit") ?? "NONE",
            Attr(q, "perTimeUnit") ?? "NONE",
            Attr(q, "description"));
        try
        {
            _ = unit.Factor;
        }
        catch (FormatException ex)
        {
            throw new InputException($"quantityAndUnit: {ex.Message}", _file, LineOf(q), unit.Id, ex, "unit");
        }

        return unit;
    }
}
