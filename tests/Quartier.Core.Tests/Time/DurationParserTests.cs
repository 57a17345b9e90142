using Quartier.Core.Time;

namespace Quartier.Core.Tests.Time;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("60h", 216_000L)]
    [InlineData("15min", 900L)]
    [InlineData("15m", 900L)]
    [InlineData("900", 900L)]
    [InlineData("900s", 900L)]
    [InlineData("7d", 604_800L)]
    [InlineData("1w", 604_800L)]
    [InlineData("1y", 31_536_000L)]
    [InlineData(" 2H ", 7200L)]
    [InlineData("1.5h", 5400L)]
    public void Parses_valid_durations(string text, long expected)
    {
        Assert.True(DurationParser.TryParseSeconds(text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1.5s")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("10 parsecs")]
    [InlineData("1.2.3h")]
    [InlineData("h")]
    [InlineData("99999999999999999999y")]
    public void Rejects_invalid_durations(string text)
    {
        Assert.False(DurationParser.TryParseSeconds(text, out var seconds));
        Assert.Equal(0L, seconds);
    }
}
