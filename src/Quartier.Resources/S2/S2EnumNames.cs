using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>The exact schema strings of S2 enumerations (e.g. <c>ELECTRIC.POWER.L1</c>), for messages and logs.</summary>
public static class S2EnumNames
{
    /// <summary>The schema string of <paramref name="value"/>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => S2EnumConverter<TEnum>.WireName(value);

    /// <summary>The member whose schema string is exactly <paramref name="wireName"/> (case-sensitive).</summary>
    public static bool TryParse<TEnum>(string wireName, out TEnum value)
        where TEnum : struct, Enum => S2EnumConverter<TEnum>.TryParse(wireName, out value);

    /// <summary>All schema strings of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            names[i] = Of(values[i]);
        }

        return names;
    }
}
