using System.Text;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;

namespace Quartier.Esdl.Tests;

/// <summary>DOTS's request body as its orchestrator reads it: unpadded base64, numbers as text, the services list.</summary>
public sealed class DotsRequestTests
{
    private static JsonObject Post() => JsonNode.Parse(File.ReadAllText(ReferenceData.Path("dots/small-test/test-post-small-test-file.json")))!.AsObject();

    [Fact]
    public void The_reference_post_reads_with_its_services_log_level_and_log_hours()
    {
        var r = DotsRequest.Read(Encoding.UTF8.GetBytes(Post().ToJsonString()), "post.json");
        Assert.Equal("small-test", r.Name);
        Assert.Equal(new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc), r.Start);
        Assert.Equal(216_000, r.DurationSeconds);
        Assert.Equal("debug", r.LogLevel);
        Assert.Equal(24, r.KeepLogsHours);
        Assert.Equal(8, r.Services.Count);
        Assert.Equal(("EnergySystem", "lvnetworkservice", 1), (r.Services[2].EsdlType, r.Services[2].Name, r.Services[2].NrOfModels));
        Assert.Equal("ghcr.io/dots-energy-services/evservice:latest", r.Services[5].ImageUrl);
    }

    [Fact]
    public void Base64_without_padding_and_numbers_as_text_are_accepted_as_DOTS_accepts_them()
    {
        var post = Post();
        var full = DotsRequest.Read(Encoding.UTF8.GetBytes(post.ToJsonString()), "post.json");
        var b64 = (string)post["esdl_base64string"]!;
        // make the ESDL's length leave padding, then drop it
        var esdl = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        foreach (var extra in new[] { " ", "  " })
        {
            var padded = Convert.ToBase64String(Encoding.UTF8.GetBytes(esdl + extra));
            Assert.EndsWith("=", padded, StringComparison.Ordinal);
            post["esdl_base64string"] = padded.TrimEnd('=');
            post["simulation_duration_in_seconds"] = "86400";
            post["keep_logs_hours"] = "1.5";
            post["calculation_services"]![0]!["nr_of_models"] = "0";
            var r = DotsRequest.Read(Encoding.UTF8.GetBytes(post.ToJsonString()), "post.json");
            Assert.Equal(86_400, r.DurationSeconds);
            Assert.Equal(1.5, r.KeepLogsHours);
            Assert.Equal(0, r.Services[0].NrOfModels);
            Assert.Equal(full.System.Assets.Count, r.System.Assets.Count);
        }
    }

    [Fact]
    public void A_services_entry_without_its_type_is_refused_naming_the_entry_and_the_line()
    {
        var text = Post().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).Replace("\"esdl_type\": \"PVInstallation\"", "\"esdl_kind\": \"PVInstallation\"", StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => DotsRequest.Read(Encoding.UTF8.GetBytes(text), "post.json"));
        Assert.Equal("calculation_services[3].esdl_type", e.Field);
        Assert.Contains("'calculation_services[3].esdl_type' is missing", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 1);
    }
}
