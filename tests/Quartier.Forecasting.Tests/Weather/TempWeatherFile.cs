namespace Quartier.Forecasting.Tests.Weather;

/// <summary>A temporary weather file deleted after the test.</summary>
internal sealed class TempWeatherFile : IDisposable
{
    public TempWeatherFile(string content, string extension = ".csv")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "quartier-wx-" + Guid.NewGuid().ToString("N")[..8] + extension);
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
