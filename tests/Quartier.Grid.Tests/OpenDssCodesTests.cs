using Quartier.Core.Errors;
using Quartier.Grid.Network;

namespace Quartier.Grid.Tests;

public sealed class OpenDssCodesTests
{
    [Fact]
    public void Reads_reference_line_codes_with_lower_triangular_matrices()
    {
        var codes = OpenDssCodes.ReadLineCodes(ReferenceData.Path("dots/lv-network/LineCode.dss"));

        // The reference file has 265 'New LineCode.' lines (grep -c '^New').
        Assert.Equal(265, codes.Count);
        var c = codes["4x95Al_4x6Cu_35CuAs_V_VMvKhsas"];
        Assert.Equal(4, c.Phases);
        Assert.Equal(184.0, c.NormAmps);
        Assert.Equal(0.36947, c.ZPerKm(0, 0).Real, 12);
        Assert.Equal(0.04947, c.ZPerKm(3, 1).Real, 12);
        Assert.Equal(0.04947, c.ZPerKm(1, 3).Real, 12); // mirrored from the lower triangle
        Assert.Equal(0.74207002, c.ZPerKm(2, 0).Imaginary, 12);
        Assert.Equal(0.74207002, c.ZPerKm(0, 2).Imaginary, 12);
        Assert.Equal(0.83227003, c.ZPerKm(3, 3).Imaginary, 12);

        // OpenDSS names are case-insensitive.
        Assert.Same(c, codes["4X95AL_4X6CU_35CUAS_V_VMVKHSAS"]);
    }

    [Fact]
    public void Reads_reference_transformer_codes()
    {
        var codes = OpenDssCodes.ReadTransformerCodes(ReferenceData.Path("dots/lv-network/XFMRCode.dss"));
        Assert.Equal(60, codes.Count);
        var t = codes["10250_400_V_200_kVA_Smit"];
        Assert.Equal(10.25, t.PrimaryKv);
        Assert.Equal(0.4, t.SecondaryKv);
        Assert.Equal(200.0, t.RatedKva);
        Assert.Equal(1.264, t.PercentLoadLoss);
        Assert.Equal(0.213, t.PercentNoLoadLoss);
        Assert.Equal("delta", t.PrimaryConnection);
        Assert.Equal("wye", t.SecondaryConnection);
        Assert.Equal(7.0, t.PercentX); // OpenDSS default XHL
    }

    [Fact]
    public void Embedded_defaults_equal_the_reference_files()
    {
        var lines = OpenDssCodes.DefaultLineCodes();
        var file = OpenDssCodes.ReadLineCodes(ReferenceData.Path("dots/lv-network/LineCode.dss"));
        Assert.Equal(file.Count, lines.Count);
        Assert.Equal(file["4x6Cu_4x1Cu__GPLKh"].RPerKm, lines["4x6Cu_4x1Cu__GPLKh"].RPerKm);
        Assert.Equal(60, OpenDssCodes.DefaultTransformerCodes().Count);
    }

    [Fact]
    public void Full_matrices_units_in_metres_and_sequence_impedances()
    {
        const string text = """
            ! comment line
            New LineCode.full nphases=2 Units=m Normamps=10
            ~ Rmatrix=[0.001 0.0002 | 0.0002 0.001] Xmatrix = (0.0005 | 0.0001 0.0005)  // trailing comment
            New LineCode.seq nphases=3 R1=0.2 X1=0.1 R0=0.8 X0=0.4 Units=km
            """;
        var codes = OpenDssCodes.ParseLineCodes(text, "inline.dss");

        Assert.Equal(1.0, codes["full"].ZPerKm(0, 0).Real, 12); // 0.001 ohm/m = 1 ohm/km
        Assert.Equal(0.2, codes["full"].ZPerKm(0, 1).Real, 12);
        Assert.Equal(0.1, codes["full"].ZPerKm(1, 0).Imaginary, 12);

        // Zs = (2·Z1 + Z0)/3 = (0.4 + 0.8)/3 = 0.4; Zm = (Z0 − Z1)/3 = 0.2.
        Assert.Equal(0.4, codes["seq"].ZPerKm(1, 1).Real, 12);
        Assert.Equal(0.2, codes["seq"].ZPerKm(0, 2).Real, 12);
        Assert.Equal(0.1, codes["seq"].ZPerKm(2, 1).Imaginary, 12);
    }

    [Fact]
    public void Bad_matrix_reports_file_and_line()
    {
        const string text = "New LineCode.bad nphases=4 Units=km\n~ Rmatrix=[1 | 0.1 1 | 0.1 0.1 1]\n~ Xmatrix=[1 | 0.1 1 | 0.1 0.1 1 | 0.1 0.1 0.1 1]\n";
        var ex = Assert.Throws<InputException>(() => OpenDssCodes.ParseLineCodes(text, "codes.dss"));
        Assert.Equal("codes.dss", ex.File);
        Assert.Equal(2, ex.Line);
        Assert.Contains("Rmatrix has 3 rows, expected 4", ex.Message, StringComparison.Ordinal);

        var ex2 = Assert.Throws<InputException>(() => OpenDssCodes.ParseLineCodes("\n\nNew LineCode.x nphases=4 Normamps=abc", "codes.dss"));
        Assert.Equal(3, ex2.Line);
        Assert.Contains("Normamps=abc is not a number", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nearest_names_rank_by_edit_distance()
    {
        var nearest = OpenDssCodes.Nearest("4x95Al_4x6Cu_35CuAs_V_VMvKhsa", ["4x95Al_4x6Cu_35CuAs_V_VMvKhsas", "4x6Cu__VMvK", "4x150Al_4x6Cu_50CuAs_V_VMvKhsas"], 2);
        Assert.Equal(["4x95Al_4x6Cu_35CuAs_V_VMvKhsas", "4x150Al_4x6Cu_50CuAs_V_VMvKhsas"], nearest);
    }
}
