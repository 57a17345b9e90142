namespace Quartier.Core.Results;

/// <summary>A recorded time series: one output of one asset (DOTS's measurement = ESDL type, tags esdl_id / esdl_name, field = output).</summary>
public sealed record SeriesInfo(int Id, string EsdlType, string EsdlId, string EsdlName, string Output, string Unit);
