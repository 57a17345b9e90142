namespace Quartier.Core.Results;

/// <summary>Lifecycle of a run. Only a <see cref="Succeeded"/> run has results that count.</summary>
public enum RunStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>What is known about a run: its input, parameters, grid, status, error and timings.</summary>
public sealed record RunRecord(
    string Id,
    string Name,
    string InputFile,
    string InputHash,
    string Parameters,
    RunStatus Status,
    string? Error,
    DateTime CreatedUtc,
    DateTime? FinishedUtc,
    double WallSeconds,
    DateTime GridStart,
    int StepSeconds,
    int StepCount);
