namespace Quartier.Forecasting.Prices;

/// <summary>
/// A time-of-use window: on <paramref name="Days"/>, local clock hours <c>[StartHour, EndHour)</c> cost
/// <paramref name="ImportEurPerKWh"/>. <c>EndHour</c> may be 24; a window with <c>StartHour &gt; EndHour</c> wraps over
/// midnight (22–6 is 22:00–24:00 and 00:00–06:00), each hour matched against the day it falls on.
/// </summary>
public sealed record TouWindow(TouDays Days, int StartHour, int EndHour, double ImportEurPerKWh);
