using System.Globalization;
using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Tests;

/// <summary>Small hand-made neighbourhoods and temporary PySSMic folders.</summary>
internal static class TestScenarios
{
    /// <summary>2016-04-10 00:00 UTC, time zero of the reference sets.</summary>
    public const long Day = 1460246400;

    public const long Hour = 3600;

    /// <summary>A constant-power profile in 60 s rows: <paramref name="watts"/> for <paramref name="minutes"/>.</summary>
    public static LoadProfile Constant(string name, double watts, int minutes)
    {
        var seconds = new double[minutes + 1];
        var energy = new double[minutes + 1];
        for (var i = 0; i <= minutes; i++)
        {
            seconds[i] = i * 60;
            energy[i] = watts * i / 60.0;
        }

        return new LoadProfile(name, seconds, energy);
    }

    /// <summary>A prediction issued at <paramref name="issued"/> from hourly energies (Wh) starting at <paramref name="firstHour"/>.</summary>
    public static PvPrediction Hourly(long issued, long firstHour, params double[] hourlyWh)
    {
        var times = new long[hourlyWh.Length + 1];
        var cumulative = new double[hourlyWh.Length + 1];
        times[0] = firstHour;
        for (var h = 0; h < hourlyWh.Length; h++)
        {
            times[h + 1] = firstHour + ((h + 1) * Hour);
            cumulative[h + 1] = cumulative[h] + hourlyWh[h];
        }

        return new PvPrediction(issued, "hand.csv", times, cumulative);
    }

    /// <summary>A day-long prediction (00:00–24:00) issued at 00:00: <paramref name="watts"/> in the given hours, 0 otherwise.</summary>
    public static PvPrediction Flat(long issued, double watts, params int[] hours)
    {
        var hourly = new double[24];
        foreach (var h in hours)
        {
            hourly[h] = watts;
        }

        return Hourly(issued, Day, hourly);
    }

    public static CossmicJob Job(string id, string house, long registered, long earliest, long latest, LoadProfile profile) =>
        new(id, id, house, "d", registered, earliest, latest, profile);

    /// <summary>A temporary folder removed on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cossmic-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string relative, string text)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            return full;
        }

        /// <summary>A copy of a reference set that tests may then break.</summary>
        public static TempFolder CopyOf(string set)
        {
            var folder = new TempFolder();
            var source = System.IO.Path.GetDirectoryName(ReferenceData.Path($"pyssmic/{set}/consumer_event.csv"))!;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = System.IO.Path.Combine(folder.Path, System.IO.Path.GetRelativePath(source, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                File.SetAttributes(target, FileAttributes.Normal);
            }

            return folder;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
