namespace Quartier.Forecasting.Load;

/// <summary>How a date picks one of the 366 day rows of a yearly profile.</summary>
public enum LoadDayMapping
{
    /// <summary>
    /// As EOS does: row = day of year − 1. A leap year uses rows 0..365; a non-leap year uses rows 0..364, so from
    /// 1 March on it reads the row one day earlier in the calendar than a leap year would, and row 365 is unused.
    /// </summary>
    EosDayOfYear = 0,

    /// <summary>
    /// Calendar dates: rows are the days of a leap year (row 59 = 29 February). A non-leap year skips row 59,
    /// so 1 March always reads row 60 and 31 December row 365.
    /// </summary>
    CalendarDate = 1,
}
