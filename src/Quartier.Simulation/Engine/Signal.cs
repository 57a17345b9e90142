using Quartier.Core.Model;

namespace Quartier.Simulation.Engine;

/// <summary>One published output of one service: its values for all the service's assets live at <c>Base..Base+Assets.Count</c>.</summary>
public sealed record Signal(int Id, CalculationService Service, OutputDeclaration Output, int Base, IReadOnlyList<Asset> Assets)
{
    /// <summary>DOTS-style name: <c>ESDLType/output</c>.</summary>
    public string Name => $"{Service.Kind}/{Output.Name}";
}
