using Quartier.Core.Model;

namespace Quartier.Simulation.Engine;

/// <summary>
/// A calculation service serves one asset type and steps all of its assets at once over arrays.
/// A new service is one class: declare outputs and inputs, read parameters in <see cref="Initialize"/>,
/// compute in <see cref="Step"/> without allocating.
/// </summary>
public abstract class CalculationService
{
    /// <summary>Short name, used in logs and recorded signal names.</summary>
    public abstract string Name { get; }

    /// <summary>The ESDL type this service serves.</summary>
    public abstract AssetKind Kind { get; }

    /// <summary>Run period in seconds; 0 means every engine step.</summary>
    public virtual int PeriodSeconds => 0;

    /// <summary>Offset of the first run in seconds (DOTS: with no offset the first run is at one period, never at t = 0).</summary>
    public virtual int OffsetSeconds => 0;

    /// <summary>The period set for this run (a services file's <c>period_in_seconds</c>), overriding <see cref="PeriodSeconds"/>.</summary>
    public int? ScheduledPeriodSeconds { get; set; }

    /// <summary>The offset set for this run (a services file's <c>offset_in_seconds</c>), overriding <see cref="OffsetSeconds"/>.</summary>
    public int? ScheduledOffsetSeconds { get; set; }

    /// <summary>
    /// Services with the same non-null group share their assets: the first takes them, the others of the group get the
    /// same ones (the calculations of one external service).
    /// </summary>
    public virtual object? AssetGroup => null;

    public abstract IReadOnlyList<OutputDeclaration> Outputs { get; }

    public virtual IReadOnlyList<InputDeclaration> Inputs => [];

    /// <summary>
    /// Steps past the run's end that this service looks ahead (a planning controller's horizon); the profile-driven
    /// services then sample that much further so that <see cref="InputBinding.Ahead"/> sees real data where there is some.
    /// </summary>
    public virtual int LookaheadSteps => 0;

    /// <summary>Whether the service can handle assets of its kind; the default takes them all.</summary>
    public virtual bool Accepts(Asset asset) => true;

    /// <summary>Reads parameters of <see cref="ServiceContext.Assets"/> and allocates state. Throw an InputException for bad parameters.</summary>
    public abstract void Initialize(ServiceContext context);

    /// <summary>Computes all outputs for all assets at <paramref name="step"/>. Must not allocate.</summary>
    public abstract void Step(in StepContext step);

    /// <summary>
    /// Whether <see cref="StepRange"/> may run on disjoint asset ranges at once, on several cores: true when
    /// stepping one asset reads its inputs and touches only that asset's state and outputs. The engine may then also step
    /// the range through many steps before other ranges (time tiles), so a range reads the inputs of its own assets
    /// only — a global input (weather, a market) through one of them, not through asset 0.
    /// </summary>
    public virtual bool Partitionable => false;

    /// <summary>
    /// Services of one concurrency group that follow each other in the run order and are due together are stepped at
    /// once on several cores, one whole service per core (e.g. the LV feeders). Only for services whose
    /// <see cref="Step"/> reads inputs and writes nothing but its own state and outputs. Null: alone.
    /// </summary>
    public virtual string? ConcurrencyGroup => null;

    /// <summary>Steps assets <paramref name="from"/> .. <paramref name="to"/> − 1 (for partitionable services).</summary>
    public virtual void StepRange(in StepContext step, int from, int to) =>
        throw new NotSupportedException($"{Name} is not partitionable");
}
