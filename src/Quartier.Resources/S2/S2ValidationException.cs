namespace Quartier.Resources.S2;

/// <summary>
/// The broken rules of an S2 message. <see cref="S2Validator.ThrowIfInvalid"/> throws a
/// <see cref="Quartier.Core.Errors.InputException"/> (which is sealed) with this as its inner exception, so callers that
/// need the individual errors read <see cref="Errors"/> from <c>ex.InnerException</c>.
/// </summary>
public sealed class S2ValidationException : Exception
{
    public S2ValidationException(string message, IReadOnlyList<S2ValidationError> errors)
        : base(message)
    {
        Errors = errors;
    }

    public IReadOnlyList<S2ValidationError> Errors { get; }
}
