namespace Quartier.Optimization.Modeling;

/// <summary>Direction of the objective.</summary>
public enum ObjectiveSense
{
    Minimize,
    Maximize,
}
