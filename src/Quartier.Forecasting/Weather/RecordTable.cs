namespace Quartier.Forecasting.Weather;

/// <summary>Records as a reader collects them: interval start in the file's clock, the line it came from, and value columns.</summary>
internal sealed class RecordTable
{
    private readonly List<double>[] _columns;

    public RecordTable(int columns)
    {
        _columns = new List<double>[columns];
        for (int c = 0; c < columns; c++)
        {
            _columns[c] = [];
        }
    }

    public int ColumnCount => _columns.Length;

    public int Count => Times.Count;

    /// <summary>Interval starts in the file's clock (kind unspecified).</summary>
    public List<DateTime> Times { get; } = [];

    /// <summary>1-based line (or record) number of each record, for messages.</summary>
    public List<int> Lines { get; } = [];

    public void Add(DateTime time, int line, ReadOnlySpan<double> values)
    {
        Times.Add(DateTime.SpecifyKind(time, DateTimeKind.Unspecified));
        Lines.Add(line);
        for (int c = 0; c < _columns.Length; c++)
        {
            _columns[c].Add(values[c]);
        }
    }

    public double Value(int column, int record) => _columns[column][record];

    /// <summary>Multiplies every value of <paramref name="column"/> by <paramref name="factor"/> (a unit recognised after reading).</summary>
    public void Scale(int column, double factor)
    {
        var values = _columns[column];
        for (int i = 0; i < values.Count; i++)
        {
            values[i] *= factor;
        }
    }
}

/// <summary>Records placed on a regular UTC grid: <c>Columns[c][i]</c> is the value of column c in interval i.</summary>
internal sealed record WeatherGrid(DateTime StartUtc, int StepSeconds, double[][] Columns)
{
    public int Count => Columns.Length == 0 ? 0 : Columns[0].Length;
}
