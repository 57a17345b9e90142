namespace Quartier.Storage;

/// <summary>
/// An input kept on a server for later runs: an ESDL, a DOTS request or a CoSSMic folder (as a zip), stored as
/// uploaded, with the summary its validation gave (JSON).
/// </summary>
public sealed record ScenarioRecord(string Id, string Name, string Kind, byte[] Content, string Summary, DateTime CreatedUtc);

/// <summary>A server's scenarios, in the same database as the results.</summary>
public interface IScenarioStore
{
    void Add(ScenarioRecord scenario);

    /// <summary>All scenarios, newest first, without their content (empty arrays).</summary>
    IReadOnlyList<ScenarioRecord> List();

    ScenarioRecord? Find(string id);

    /// <summary>False if there was no such scenario.</summary>
    bool Delete(string id);
}
