namespace Quartier.Forecasting.Prices;

/// <summary>Days of the week a time-of-use window applies to (bit i = <see cref="DayOfWeek"/> i). Public holidays are not modelled.</summary>
[Flags]
public enum TouDays
{
    None = 0,
    Sunday = 1 << 0,
    Monday = 1 << 1,
    Tuesday = 1 << 2,
    Wednesday = 1 << 3,
    Thursday = 1 << 4,
    Friday = 1 << 5,
    Saturday = 1 << 6,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Weekend = Saturday | Sunday,
    All = Weekdays | Weekend,
}
