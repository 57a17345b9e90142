using Quartier.Core.Errors;

namespace Quartier.Core.Model;

/// <summary>
/// An ESDL measure (e.g. a bandwidth tariff) with its cost values: <see cref="Costs"/> holds the single values by
/// cost name (as before); <see cref="CostElements"/> every cost element in document order, profiles included.
/// </summary>
public sealed record Measure(string Id, string Name, string? Description, IReadOnlyDictionary<string, double> Costs)
{
    /// <summary>Every cost element of the measure's costInformation, in document order.</summary>
    public IReadOnlyList<MeasureCost> CostElements { get; init; } = [];

    public string? File { get; init; }

    public int Line { get; init; }

    /// <summary>The first cost element with ESDL role <paramref name="role"/> (e.g. <c>variableOperationalCosts</c>), or null.</summary>
    public MeasureCost? Cost(string role) => CostElements.FirstOrDefault(c => c.Role == role);

    /// <summary>An input error that names this measure (file, line, id and name).</summary>
    public InputException Error(string message, int? line = null, string? field = null) =>
        new($"measure '{Name}': {message}", File, line ?? (Line == 0 ? null : Line), Id, field: field);
}

/// <summary>
/// One cost element of a measure: its ESDL role (the element name, e.g. <c>variableOperationalCosts</c>), its
/// <c>name</c> attribute, its profile type (<c>SingleValue</c>, <c>DateTimeProfile</c>, <c>TimeSeriesProfile</c>)
/// and its values in document order (DOTS uses them by index, ignoring element times). <see cref="Start"/> and
/// <see cref="StepSeconds"/> are the profile's start and step when it gives them (a DateTimeProfile's first element).
/// </summary>
public sealed record MeasureCost(string Role, string? Name, string Type, IReadOnlyList<double> Values, DateTime? Start, int? StepSeconds, int Line)
{
    public bool IsSingleValue => Type == "SingleValue";
}
