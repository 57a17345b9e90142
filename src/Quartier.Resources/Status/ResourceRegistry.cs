using Quartier.Core.Errors;

namespace Quartier.Resources.Status;

/// <summary>
/// The simulated resources by id, and the entry point for reported statuses
/// (<see cref="ApplyStatus(string, string, string?)"/>, the counterpart of EOS's <c>PUT /v1/resource/status</c>).
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, IResource> _resources = new(StringComparer.Ordinal);

    /// <summary>Number of resources.</summary>
    public int Count => _resources.Count;

    /// <summary>The ids, sorted.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            var ids = new List<string>(_resources.Keys);
            ids.Sort(StringComparer.Ordinal);
            return ids;
        }
    }

    /// <summary>Adds a resource.</summary>
    /// <exception cref="InputException">The id is already registered.</exception>
    public void Add(IResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!_resources.TryAdd(resource.Id, resource))
        {
            throw new InputException($"resource id '{resource.Id}' is registered twice", elementId: resource.Id);
        }
    }

    /// <summary>Removes a resource; false when unknown.</summary>
    public bool Remove(string resourceId) => _resources.Remove(resourceId);

    /// <summary>Finds a resource.</summary>
    public bool TryGet(string resourceId, out IResource? resource) => _resources.TryGetValue(resourceId, out resource);

    /// <summary>The resource with <paramref name="resourceId"/>.</summary>
    /// <exception cref="InputException">Unknown id (lists the known ids).</exception>
    public IResource Get(string resourceId) =>
        _resources.TryGetValue(resourceId, out var r) ? r : throw Unknown(resourceId, null);

    /// <summary>The resource with <paramref name="resourceId"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="InputException">Unknown id, or the resource is of another type.</exception>
    public T Get<T>(string resourceId)
        where T : class, IResource =>
        Get(resourceId) as T ?? throw new InputException($"resource '{resourceId}' is a {Get(resourceId).GetType().Name}, not a {typeof(T).Name}", elementId: resourceId);

    /// <summary>
    /// Parses a status document (<see cref="ResourceStatusParser"/>) and applies it to <paramref name="resourceId"/>;
    /// returns the parsed status with its warnings.
    /// </summary>
    /// <exception cref="InputException">Unknown resource (lists the known ids) or a document that is malformed or does not fit the resource.</exception>
    public ResourceStatus ApplyStatus(string resourceId, string json, string? source = null)
    {
        if (!_resources.TryGetValue(resourceId, out var resource))
        {
            throw Unknown(resourceId, source);
        }

        var status = ResourceStatusParser.Parse(json, source);
        Apply(resource, status);
        return status;
    }

    /// <summary>Applies a parsed status to <paramref name="resourceId"/>.</summary>
    /// <exception cref="InputException">Unknown resource or a status that does not fit it.</exception>
    public void ApplyStatus(string resourceId, ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!_resources.TryGetValue(resourceId, out var resource))
        {
            throw Unknown(resourceId, status.Source);
        }

        Apply(resource, status);
    }

    private static void Apply(IResource resource, ResourceStatus status)
    {
        try
        {
            resource.ApplyStatus(status);
        }
        catch (InputException e) when (e.File is null && status.Source is not null)
        {
            throw new InputException(e.Message, status.Source, e.Line, e.ElementId ?? resource.Id, e);
        }
    }

    private InputException Unknown(string resourceId, string? source)
    {
        var known = Ids;
        return new InputException(
            $"unknown resource id '{resourceId}'; known: {(known.Count == 0 ? "(none registered)" : string.Join(", ", known))}",
            source,
            elementId: resourceId);
    }
}
