namespace Quartier.Cli.Tests.BadInput;

/// <summary>Marks a static class whose <c>Cases()</c> method contributes to the bad-input corpus.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CorpusSectionAttribute : Attribute;
