using System.IO.Compression;
using System.Text;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Core.Tests.Input;

public sealed class InputFilesTests
{
    [Fact]
    public void Strict_utf8_names_the_line_and_offset_of_an_invalid_byte()
    {
        byte[] bytes = [.. "line one\nline two\nna"u8, 0xC3, 0x28, .. "me\n"u8];

        var ex = Assert.Throws<InputException>(() => InputFiles.DecodeUtf8(bytes, "names.esdl"));

        Assert.Equal(3, ex.Line);
        Assert.Equal("names.esdl:3: invalid UTF-8 at byte offset 20 (byte 0xC3); the file must be UTF-8 text", ex.Located);
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_decodes_without_it()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Zürich ☀")];

        Assert.Equal("Zürich ☀", InputFiles.DecodeUtf8(bytes, "x"));
    }

    [Fact]
    public void A_folder_and_a_missing_file_are_refused_by_name()
    {
        var dir = Directory.CreateTempSubdirectory("quartier-input-");
        try
        {
            Assert.Equal($"{dir.FullName}: is a folder, not a file", Assert.Throws<InputException>(() => InputFiles.ReadAllBytes(dir.FullName)).Located);
            var missing = Path.Combine(dir.FullName, "none.csv");
            Assert.Equal($"{missing}: weather file not found", Assert.Throws<InputException>(() => InputFiles.ReadAllBytes(missing, "weather file")).Located);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Gunzip_round_trips_and_refuses_a_bomb_naming_the_limit()
    {
        var plain = new byte[3 << 20];
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gz.Write(plain);
        }

        packed.Position = 0;
        Assert.Equal(plain.Length, InputFiles.Gunzip(packed, "ok.qcb").Length);
        packed.Position = 0;
        var ex = Assert.Throws<InputException>(() => InputFiles.Gunzip(packed, "bomb.qcb", new InputLimits { MaxDecompressedBytes = 2 << 20 }));
        Assert.Equal("bomb.qcb: the decompressed content exceeds the limit of 2 MiB (raise it with the environment variable QUARTIER_MAX_DECOMPRESSED_MB)", ex.Located);
    }

    [Fact]
    public void Gunzip_of_corrupt_data_says_it_is_corrupt()
    {
        var packed = new MemoryStream([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0x12, 0x34]);

        var ex = Assert.Throws<InputException>(() => InputFiles.Gunzip(packed, "broken.qcb"));

        Assert.StartsWith("broken.qcb: the gzip data", ex.Located, StringComparison.Ordinal);
    }

    [Fact]
    public void Physical_range_quotes_the_range()
    {
        var range = new PhysicalRange(0, 1e9, "W");

        Assert.Equal(5000.0, range.Check(5000, "power"));
        var ex = Assert.Throws<InputException>(() => range.Check(-5, "power", "a.esdl", 7, "pv1"));
        Assert.Equal("a.esdl:7: element 'pv1': 'power' = -5 is outside its physical range [0 … 1e9] W", ex.Located);
        Assert.Throws<InputException>(() => range.Check(double.NaN, "power"));
        Assert.Throws<InputException>(() => range.Check(double.PositiveInfinity, "power"));
    }

    [Fact]
    public void Located_adds_a_field_once_and_keeps_one_line()
    {
        Assert.Equal("req.json: field 'start_date': is not a date", new InputException("is not a date", "req.json", field: "start_date").Located);
        Assert.Equal("req.json: 'start_date' is not a date", new InputException("'start_date' is not a date", "req.json", field: "start_date").Located);
        Assert.Equal("x: a b", new InputException("a\nb", "x").Located);
    }
}
