using Quartier.Core.Errors;
using Quartier.Resources.Eos;

namespace Quartier.Resources.Tests.Eos;

/// <summary>EOS time windows: containment, weekday and date filters, durations, earliest/latest starts and parse errors.</summary>
public sealed class TimeWindowTests
{
    private static readonly DateTime Monday = new(2025, 7, 21);

    [Fact]
    public void Window_crossing_midnight_holds_runs_that_end_after_midnight()
    {
        var seq = TimeWindowSequence.Parse("""{"windows": [{"start_time": "22:00", "duration": "5 hours"}]}""");
        Assert.True(seq.Contains(Monday.AddHours(23), TimeSpan.FromHours(3)));   // 23:00–02:00 ends before 03:00
        Assert.True(seq.Contains(Monday.AddHours(22), TimeSpan.FromHours(5)));   // exactly the window
        Assert.False(seq.Contains(Monday.AddHours(23), TimeSpan.FromHours(5)));  // would end at 04:00
        Assert.False(seq.Contains(Monday.AddHours(21), TimeSpan.FromHours(1)));  // before the start
        Assert.False(seq.Contains(Monday.AddHours(26.5)));                       // 02:30 Tuesday: EOS judges it against Tuesday's 22:00 window
        Assert.True(seq.Contains(Monday.AddHours(23.5)));
        Assert.Equal(Monday.AddHours(22), seq.EarliestStart(TimeSpan.FromHours(2), Monday));
        Assert.Equal(Monday.AddHours(25), seq.LatestStart(TimeSpan.FromHours(2), Monday)); // 01:00 the next day
        Assert.Null(seq.EarliestStart(TimeSpan.FromHours(6), Monday));
    }

    [Fact]
    public void Iso_and_english_durations_are_the_same()
    {
        var iso = TimeWindowSequence.Parse("""[{"start_time": "08:00", "duration": "PT5H"}]""");
        var words = TimeWindowSequence.Parse("""[{"start_time": "08:00", "duration": "5 hours"}]""");
        var seconds = TimeWindowSequence.Parse("""[{"start_time": "08:00", "duration": 18000}]""");
        var tuple = TimeWindowSequence.Parse("""[{"start_time": "08:00", "duration": [0, 5, 0, 0]}]""");
        Assert.Equal(TimeSpan.FromHours(5), iso.Windows[0].Duration);
        Assert.Equal(iso.Windows[0].Duration, words.Windows[0].Duration);
        Assert.Equal(iso.Windows[0].Duration, seconds.Windows[0].Duration);
        Assert.Equal(iso.Windows[0].Duration, tuple.Windows[0].Duration);
        Assert.Equal(new TimeSpan(1, 2, 30, 15), TimeWindowSequence.Parse("""[{"start_time": "0", "duration": "P1DT2H30M15S"}]""").Windows[0].Duration);
        Assert.Equal(new TimeSpan(0, 2, 30, 0), TimeWindowSequence.Parse("""[{"start_time": "0", "duration": "2 hours and 30 minutes"}]""").Windows[0].Duration);
    }

    [Theory]
    [InlineData("14:30", 14, 30)]
    [InlineData("14:30:45", 14, 30)]
    [InlineData("1430", 14, 30)]
    [InlineData("14h30", 14, 30)]
    [InlineData("14", 14, 0)]
    [InlineData("2PM", 14, 0)]
    [InlineData("2:30 PM", 14, 30)]
    [InlineData("12 AM", 0, 0)]
    [InlineData("14.5", 14, 30)]
    [InlineData("14:30 UTC", 14, 30)]
    [InlineData("2:30 PM EST", 14, 30)]
    [InlineData("14:30 +05:30", 14, 30)]
    public void Start_times_in_eos_formats(string text, int hour, int minute)
    {
        var seq = TimeWindowSequence.Parse($$"""[{"start_time": "{{text}}", "duration": "1 hour"}]""");
        Assert.Equal(hour, seq.Windows[0].StartTime.Hours);
        Assert.Equal(minute, seq.Windows[0].StartTime.Minutes);
    }

    [Fact]
    public void Day_of_week_restricts_the_window_to_that_weekday()
    {
        var seq = TimeWindowSequence.Parse("""{"windows": [{"start_time": "08:00", "duration": "PT4H", "day_of_week": 0}, {"start_time": "10:00", "duration": "PT2H", "day_of_week": "Wednesday"}]}""");
        Assert.Equal(DayOfWeek.Monday, seq.Windows[0].Weekday);
        Assert.True(seq.Contains(Monday.AddHours(9), TimeSpan.FromHours(2)));
        Assert.False(seq.Contains(Monday.AddDays(1).AddHours(9), TimeSpan.FromHours(2)));
        Assert.True(seq.Contains(Monday.AddDays(2).AddHours(10), TimeSpan.FromHours(2)));
        Assert.Equal(Monday.AddHours(8), seq.EarliestStart(TimeSpan.FromHours(1), Monday));
        Assert.Equal(Monday.AddDays(2).AddHours(10), seq.EarliestStart(TimeSpan.FromHours(1), Monday.AddDays(2)));
        Assert.Null(seq.EarliestStart(TimeSpan.FromHours(1), Monday.AddDays(1)));
        Assert.Null(seq.LatestStart(TimeSpan.FromHours(1), Monday.AddDays(1)));
    }

    [Theory]
    [InlineData("Montag", "de", DayOfWeek.Monday)]
    [InlineData("sonntag", "de_DE", DayOfWeek.Sunday)]
    [InlineData("vendredi", "fr", DayOfWeek.Friday)]
    [InlineData("ZATERDAG", "nl", DayOfWeek.Saturday)]
    [InlineData("sunday", "de", DayOfWeek.Sunday)]
    public void Localized_weekday_names(string name, string locale, DayOfWeek expected)
    {
        var seq = TimeWindowSequence.Parse($$"""[{"start_time": "08:00", "duration": "1 hour", "day_of_week": "{{name}}", "locale": "{{locale}}"}]""");
        Assert.Equal(expected, seq.Windows[0].Weekday);
    }

    [Fact]
    public void Date_restricts_the_window_to_that_date_and_overrides_the_weekday()
    {
        var seq = TimeWindowSequence.Parse("""[{"start_time": "10:00", "duration": "4 hours", "date": "2025-07-25", "day_of_week": 0}]""");
        var friday = new DateTime(2025, 7, 25);
        Assert.True(seq.Contains(friday.AddHours(11), TimeSpan.FromHours(3)));
        Assert.False(seq.Contains(friday.AddDays(7).AddHours(11), TimeSpan.FromHours(3)));
        Assert.False(seq.Contains(Monday.AddHours(11), TimeSpan.FromHours(1)));
        Assert.Equal(friday.AddHours(10), seq.EarliestStart(TimeSpan.FromHours(3), friday));
        Assert.Equal(friday.AddHours(11), seq.LatestStart(TimeSpan.FromHours(3), friday));
        Assert.Null(seq.LatestStart(TimeSpan.FromHours(3), Monday));
    }

    [Fact]
    public void Earliest_and_latest_over_several_windows()
    {
        var seq = TimeWindowSequence.Parse("""{"windows": [{"start_time": "18:00", "duration": "4 hours"}, {"start_time": "06:00", "duration": "3 hours"}, {"start_time": "12:00", "duration": "1 hour"}]}""");
        var two = TimeSpan.FromHours(2);
        Assert.Equal(Monday.AddHours(6), seq.EarliestStart(two, Monday));
        Assert.Equal(Monday.AddHours(20), seq.LatestStart(two, Monday));
        Assert.Equal(Monday.AddHours(18), seq.EarliestStart(TimeSpan.FromHours(3.5), Monday.AddHours(15)));
        Assert.Equal(Monday.AddHours(18.5), seq.LatestStart(TimeSpan.FromHours(3.5), Monday));
        Assert.True(seq.Contains(Monday.AddHours(7), two));
        Assert.False(seq.Contains(Monday.AddHours(12), two));
        Assert.False(new TimeWindowSequence([]).Contains(Monday, two));
        Assert.Null(new TimeWindowSequence([]).EarliestStart(two, Monday));
    }

    [Theory]
    [InlineData("""[{"start_time": "25:00", "duration": "1 hour"}]""", "start_time", "25:00")]
    [InlineData("""[{"start_time": "08:00", "duration": "five hours"}]""", "duration", "five hours")]
    [InlineData("""[{"start_time": 24, "duration": "1 hour"}]""", "start_time", "24")]
    [InlineData("""[{"start_time": "08:00", "duration": "999999 days"}]""", "duration", "999999 days")]
    [InlineData("""[{"start_time": "08:00", "duration": "PT0H"}]""", "duration", "PT0H")]
    [InlineData("""[{"start_time": "08:00", "duration": -5}]""", "duration", "-5")]
    [InlineData("""[{"start_time": "08:00", "duration": "1 hour", "day_of_week": 7}]""", "day_of_week", "7")]
    [InlineData("""[{"start_time": "08:00", "duration": "1 hour", "day_of_week": "Funday"}]""", "day_of_week", "Funday")]
    [InlineData("""[{"start_time": "08:00", "duration": "1 hour", "day_of_week": "Lunes", "locale": "xx"}]""", "locale 'xx'", "Lunes")]
    [InlineData("""[{"start_time": "08:00", "duration": "1 hour", "date": "2025-13-01"}]""", "date", "2025-13-01")]
    [InlineData("""[{"duration": "1 hour"}]""", "[0]", "start_time")]
    [InlineData("""{"window": []}""", "windows", "windows")]
    public void Parse_errors_name_the_bad_value(string json, string field, string value)
    {
        var ex = Assert.Throws<InputException>(() => TimeWindowSequence.Parse(json, "windows.json"));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        Assert.Equal("windows.json", ex.File);
    }
}
